package dev.interlude.core.plan;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.task.Priority;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.TaskSpecBuilder;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A plan made with a {@link DueIndex} kept across decisions is exactly the plan made without one: over generated
 * catalogs and a run of decisions at advancing instants (now and then one back), with the runs each decision starts
 * fed back as last starts, runs ending, requests arriving, and the catalog swapped for one with a task redefined.
 */
class DueIndexProperties {

    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final TradingWindows WINDOWS = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);
    /** 2026-01-01 in New York: the runs below start anywhere in 2026, DST weekends and holidays included. */
    private static final Instant YEAR_START = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, NY).toInstant();
    private static final Phase[] PHASES = Phase.values();

    @Property(tries = 300)
    void a_plan_with_the_index_is_the_plan_without_it(@ForAll long seed) {
        Random random = new Random(seed);
        int tasks = 1 + random.nextInt(25);
        TaskCatalog catalog = catalog(random, tasks, 0);
        Instant now = YEAR_START.plusSeconds(random.nextInt(365 * 24 * 3600))
                .plusNanos(random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0);
        Resources resources = new Resources(4000 + random.nextInt(8000), 1 + random.nextInt(6), Map.of());
        Simulation sim = new Simulation(catalog, resources);
        DueIndex index = new DueIndex();
        for (int pass = 0; pass < 40; pass++) {
            PlanningState state = sim.state(now);
            Plan without = Planner.plan(state, now);
            Plan with = Planner.plan(state.withDueIndex(index), now);
            int at = pass;
            Instant when = now;
            assertEquals(without, with, () -> "decision " + at + " at " + when + " (seed " + seed + ")");
            sim.feedBack(with, now, random);
            if (random.nextInt(12) == 0) {
                sim.catalog = catalog(random, tasks, pass + 1);
            } else if (random.nextInt(15) == 0) {
                sim.catalog = new TaskCatalog(sim.catalog.tasks()); // the same tasks, another catalog object
            }
            now = next(random, now, with.nextDecision());
        }
    }

    /** Mostly the plan's own wake-up time (as the supervisor does), else a step forward, or now and then back. */
    private static Instant next(Random random, Instant now, Instant nextDecision) {
        return switch (random.nextInt(8)) {
            case 0, 1, 2 -> nextDecision.plusMillis(random.nextInt(3) == 0 ? random.nextInt(900) : 0);
            case 3 -> now;
            case 4 -> now.minusSeconds(1 + random.nextInt(3600));
            case 5 -> now.plusSeconds(1 + random.nextInt(60));
            default -> now.plusSeconds(60 + random.nextInt(6 * 3600));
        };
    }

    /** Generation {@code generation} of a catalog: each generation redefines some tasks' triggers and phases. */
    private static TaskCatalog catalog(Random random, int tasks, int generation) {
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            TaskSpecBuilder b = task("t" + i)
                    .priority(Priority.values()[random.nextInt(Priority.values().length)])
                    .memoryMb(random.nextInt(3000))
                    .estimate(Duration.ofMinutes(1 + random.nextInt(600)))
                    .extendable(random.nextInt(4) == 0)
                    .requiresApproval(random.nextInt(15) == 0)
                    .enabled(random.nextInt(15) != 0)
                    .trigger(trigger(random));
            Set<Phase> phases = EnumSet.noneOf(Phase.class);
            for (Phase phase : PHASES) {
                if (random.nextInt(3) != 0) {
                    phases.add(phase);
                }
            }
            b.phases(phases.isEmpty() ? Set.of(Phase.OVERNIGHT) : phases);
            if (i > 0 && random.nextInt(4) == 0) {
                b.dependsOn("t" + random.nextInt(i));
            }
            if (random.nextInt(6) == 0) {
                b.conflictsWith("t" + random.nextInt(tasks));
            }
            specs.add(b.build());
        }
        return new TaskCatalog(specs);
    }

    private static Trigger trigger(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> new Trigger.Manual();
            case 1 -> new Trigger.Interval(Duration.ofSeconds(1 + random.nextInt(4 * 3600)));
            case 2 -> new Trigger.EveryWindow(Trigger.EveryWindow.Scope.TRADING_DAY);
            case 3 -> new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW);
            case 4 -> new Trigger.Daily(LocalTime.of(random.nextInt(24), random.nextInt(4) * 15), NY);
            case 5 -> new Trigger.Weekly(Set.of(DayOfWeek.of(1 + random.nextInt(7))),
                    LocalTime.of(random.nextInt(24), 30), NY);
            case 6 -> new Trigger.Cron("*/" + (1 + random.nextInt(30)) + " * * * *", NY);
            case 7 -> new Trigger.Cron("* * * * * ?", NY);
            default -> new Trigger.Cron("0 " + random.nextInt(60) + " " + random.nextInt(24) + " ? * MON-FRI", NY);
        };
    }

    /** The supervisor's side, reduced: what started runs, runs end, operators ask for runs. */
    private static final class Simulation {
        TaskCatalog catalog;
        final Resources resources;
        final List<RunningRun> running = new ArrayList<>();
        final Map<String, Instant> runEnds = new HashMap<>();
        final List<Completion> completions = new ArrayList<>();
        final List<RunRequest> requests = new ArrayList<>();
        /** Replaced by a new map only when a run starts, as the supervisor's journal does. */
        Map<String, Instant> lastStarted = Map.of();
        int runs;

        Simulation(TaskCatalog catalog, Resources resources) {
            this.catalog = catalog;
            this.resources = resources;
        }

        PlanningState state(Instant now) {
            end(now);
            return PlanningState.initial(catalog, WINDOWS.frameAt(now), resources, PlannerSettings.DEFAULT)
                    .withRunning(running).withCompletions(completions).withRequests(requests)
                    .withLastStarted(lastStarted);
        }

        private void end(Instant now) {
            for (Iterator<RunningRun> it = running.iterator(); it.hasNext(); ) {
                RunningRun run = it.next();
                Instant ends = runEnds.get(run.runId());
                if (!ends.isAfter(now)) {
                    it.remove();
                    completions.add(new Completion(run.taskName(), run.runId(), run.startedAt(), ends,
                            run.runId().hashCode() % 5 != 0));
                }
            }
        }

        void feedBack(Plan plan, Instant now, Random random) {
            Map<String, Instant> started = new HashMap<>(lastStarted);
            for (Start start : plan.starts()) {
                // a run starts on time or a little late, as a busy node starts it
                Instant at = now.plusMillis(random.nextInt(3) == 0 ? random.nextInt(1500) : 0);
                String runId = "run-" + runs++;
                running.add(new RunningRun(runId, start.taskName(), "general", 0, at));
                runEnds.put(runId, at.plusSeconds(1 + random.nextInt(2 * 3600)));
                started.put(start.taskName(), at);
                requests.removeIf(r -> start.requestId().equals(java.util.Optional.of(r.requestId())));
            }
            if (!plan.starts().isEmpty()) {
                lastStarted = Map.copyOf(started);
            } else if (random.nextInt(10) == 0) {
                lastStarted = Map.copyOf(new HashMap<>(lastStarted)); // equal, but another map
            }
            if (random.nextInt(6) == 0) {
                List<TaskSpec> specs = catalog.tasks();
                TaskSpec asked = specs.get(random.nextInt(specs.size()));
                requests.add(new RunRequest("q-" + runs++, asked.name(), Map.of(), now, "operator"));
            }
        }
    }
}
