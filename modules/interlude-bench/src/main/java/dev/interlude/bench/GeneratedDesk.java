package dev.interlude.bench;

import dev.interlude.core.plan.Completion;
import dev.interlude.core.plan.PlannerSettings;
import dev.interlude.core.plan.PlanningState;
import dev.interlude.core.plan.Resources;
import dev.interlude.core.plan.RunRequest;
import dev.interlude.core.plan.RunningRun;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.Priority;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.TaskSpecBuilder;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TimeFrame;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A large generated desk for the planner benchmark: tasks with dependencies on earlier tasks, mutual conflicts,
 * mixed triggers and phases, some runs in flight, some completed, some requested. Seeded, so every run of the
 * benchmark plans the same state. And, for the simulation benchmark, a catalog of research tasks a node can run.
 */
final class GeneratedDesk {

    private static final List<String> CATEGORIES = List.of("data", "research", "ops", "risk", "reports");

    private GeneratedDesk() {
    }

    static PlanningState state(int tasks, TimeFrame frame, Instant now, long seed) {
        Random random = new Random(seed);
        ZoneId zone = frame.zone();
        List<TaskSpec> specs = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            TaskSpecBuilder b = TaskSpecBuilder.task("task_" + i)
                    .priority(Priority.values()[random.nextInt(Priority.values().length)])
                    .category(CATEGORIES.get(random.nextInt(CATEGORIES.size())))
                    .memoryMb(64 + random.nextInt(2048))
                    .estimate(Duration.ofMinutes(1 + random.nextInt(240)))
                    .extendable(random.nextInt(10) == 0)
                    .opportunistic(random.nextInt(10) == 0)
                    .requiresApproval(random.nextInt(20) == 0)
                    .trigger(trigger(random, zone));
            if (random.nextInt(5) == 0) {
                b.phases(Phase.MARKET_HOURS, Phase.POST_MARKET);
            } else {
                b.phases(Phase.OVERNIGHT, Phase.WEEKEND, Phase.HOLIDAY);
            }
            if (random.nextInt(8) == 0) {
                b.deadline(LocalTime.of(random.nextInt(24), 0));
            }
            int deps = i == 0 ? 0 : random.nextInt(3);
            for (int d = 0; d < deps; d++) {
                b.dependsOn("task_" + random.nextInt(i));
            }
            int conflicts = random.nextInt(3);
            for (int c = 0; c < conflicts; c++) {
                int other = random.nextInt(tasks);
                if (other != i) {
                    b.conflictsWith("task_" + other);
                }
            }
            specs.add(b.build());
        }
        List<Completion> completions = new ArrayList<>();
        List<RunningRun> running = new ArrayList<>();
        List<RunRequest> requests = new ArrayList<>();
        Map<String, Instant> lastStarted = new HashMap<>();
        Instant cycleStart = frame.cycle().start().toInstant();
        for (TaskSpec spec : specs) {
            int roll = random.nextInt(100);
            if (roll < 40) {
                Instant finished = cycleStart.plus(Duration.ofMinutes(random.nextInt(600)));
                if (finished.isBefore(now)) {
                    completions.add(new Completion(spec.name(), "done-" + spec.name(), finished.minusSeconds(300),
                            finished, random.nextInt(10) != 0));
                    lastStarted.put(spec.name(), finished.minusSeconds(300));
                }
            } else if (roll < 42 && running.size() < 32) {
                running.add(new RunningRun("run-" + spec.name(), spec.name(), spec.category(), spec.memoryMb(),
                        now.minusSeconds(600)));
                lastStarted.put(spec.name(), now.minusSeconds(600));
            } else if (roll < 45) {
                requests.add(new RunRequest("req-" + spec.name(), spec.name(), Map.of(), now.minusSeconds(60),
                        "bench"));
            }
        }
        Resources resources = new Resources(64_000, 64, Map.of("research", 8, "ops", 16));
        PlanningState empty = PlanningState.initial(new TaskCatalog(specs), frame, resources, PlannerSettings.DEFAULT);
        return empty.withCompletions(completions).withRunning(running).withRequests(requests)
                .withLastStarted(lastStarted);
    }

    /**
     * A catalog of {@code tasks} research tasks that a node (or a simulation) can run as they are: each runs in the
     * research phases (overnight, weekend, holiday), once a window, once a trading day, every one to eight hours or
     * daily at an hour of the night; most take minutes, some an hour or more, a few up to four hours, with a timeout
     * of twice the estimate; memory from 64 MiB to 4 GiB; a third depend on an earlier task (so there are no
     * cycles) and one pair in ten tasks conflict. Each has a simulated handler that takes the estimate and fails with
     * {@code failureProbability}. Seeded: the same arguments give the same catalog.
     */
    static TaskCatalog runnableCatalog(int tasks, ZoneId zone, double failureProbability, long seed) {
        Random random = new Random(seed);
        List<TaskSpecBuilder> builders = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            Duration estimate = estimate(random);
            TaskSpecBuilder b = TaskSpecBuilder.task("task_" + i)
                    .priority(Priority.values()[random.nextInt(Priority.values().length)])
                    .category(CATEGORIES.get(random.nextInt(CATEGORIES.size())))
                    .phases(Phase.OVERNIGHT, Phase.WEEKEND, Phase.HOLIDAY)
                    .trigger(researchTrigger(random, zone))
                    .memoryMb(64 << random.nextInt(7))
                    .estimate(estimate)
                    .timeout(estimate.multipliedBy(2))
                    .handler(new HandlerSpec.Simulated(Optional.empty(), failureProbability))
                    .extendable(random.nextInt(10) == 0)
                    .opportunistic(random.nextInt(10) == 0);
            if (i > 0 && random.nextInt(3) == 0) {
                b.dependsOn("task_" + random.nextInt(i));
            }
            builders.add(b);
        }
        // Conflicts are mutual, as the catalog loader makes them: both tasks name each other.
        for (int pair = 0; pair < tasks / 10; pair++) {
            int one = random.nextInt(tasks);
            int other = random.nextInt(tasks);
            if (one != other) {
                builders.get(one).conflictsWith("task_" + other);
                builders.get(other).conflictsWith("task_" + one);
            }
        }
        return new TaskCatalog(builders.stream().map(TaskSpecBuilder::build).toList());
    }

    /** Minutes for most tasks (2 to 30), an hour or so for some (30 to 90 minutes), hours for a few (2 to 4). */
    private static Duration estimate(Random random) {
        int roll = random.nextInt(10);
        if (roll < 6) {
            return Duration.ofMinutes(2 + random.nextInt(29));
        }
        if (roll < 9) {
            return Duration.ofMinutes(30 + random.nextInt(61));
        }
        return Duration.ofMinutes(120 + random.nextInt(121));
    }

    private static Trigger researchTrigger(Random random, ZoneId zone) {
        switch (random.nextInt(4)) {
            case 0:
                return new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW);
            case 1:
                return new Trigger.EveryWindow(Trigger.EveryWindow.Scope.TRADING_DAY);
            case 2:
                return new Trigger.Interval(Duration.ofHours(1 + random.nextInt(8)));
            default:
                return new Trigger.Daily(LocalTime.of((18 + random.nextInt(14)) % 24, random.nextInt(4) * 15), zone);
        }
    }

    private static Trigger trigger(Random random, ZoneId zone) {
        switch (random.nextInt(6)) {
            case 0:
                return new Trigger.Manual();
            case 1:
                return new Trigger.Interval(Duration.ofMinutes(5 + random.nextInt(240)));
            case 2:
                return new Trigger.Daily(LocalTime.of(random.nextInt(24), random.nextInt(4) * 15), zone);
            case 3:
                return new Trigger.Cron("0 " + random.nextInt(24) + " * * 1-5", zone);
            case 4:
                return new Trigger.EveryWindow(Trigger.EveryWindow.Scope.TRADING_DAY);
            default:
                return new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW);
        }
    }
}
