package dev.interlude.core.plan;

import static dev.interlude.core.plan.Frames.at;
import static dev.interlude.core.task.TaskSpecBuilder.task;

import dev.interlude.core.task.Priority;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.TaskSpecBuilder;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The planner's promises, checked over many generated catalogs and states: never two conflicting runs, never over
 * memory or concurrency, never before a dependency succeeded, work-conserving, deterministic, and one answer for
 * every task.
 */
class PlannerProperties {

    private static final Instant NOW = at("2026-11-18T20:00");
    private static final List<String> CATEGORIES = List.of("data", "research", "ops");

    @Provide
    Arbitrary<PlanningState> states() {
        return Arbitraries.longs().map(PlannerProperties::generate);
    }

    /** A random but self-consistent state: acyclic dependencies, and runs in flight that respect every limit. */
    static PlanningState generate(long seed) {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(40);
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TaskSpecBuilder b = task("t" + i)
                    .priority(Priority.values()[random.nextInt(Priority.values().length)])
                    .category(CATEGORIES.get(random.nextInt(CATEGORIES.size())))
                    .memoryMb(random.nextInt(4000))
                    .estimate(Duration.ofMinutes(1 + random.nextInt(20 * 60)))
                    .maxConcurrentRuns(1 + random.nextInt(2))
                    .extendable(random.nextInt(5) == 0)
                    .opportunistic(random.nextInt(6) == 0)
                    .requiresApproval(random.nextInt(8) == 0)
                    .enabled(random.nextInt(12) != 0)
                    .trigger(trigger(random));
            b.phases(random.nextInt(4) == 0 ? Set.of(Phase.MARKET_HOURS) : Set.of(Phase.OVERNIGHT, Phase.WEEKEND));
            for (int d = 0; d < i; d++) {
                if (random.nextInt(Math.max(4, i)) == 0) {
                    b.dependsOn("t" + d);
                }
            }
            for (int c = 0; c < n; c++) {
                if (c != i && random.nextInt(Math.max(5, n)) == 0) {
                    b.conflictsWith("t" + c);
                }
            }
            specs.add(b.build());
        }
        TaskCatalog catalog = new TaskCatalog(specs);
        Resources resources = new Resources(2000 + random.nextInt(12_000), 1 + random.nextInt(8),
                random.nextBoolean() ? Map.of("research", 1 + random.nextInt(3)) : Map.of());

        List<Completion> completions = new ArrayList<>();
        for (TaskSpec spec : specs) {
            if (random.nextInt(3) == 0) {
                Instant finished = at("2026-11-18T06:00").plus(Duration.ofMinutes(random.nextInt(14 * 60)));
                completions.add(new Completion(spec.name(), "c-" + spec.name(), finished.minusSeconds(60), finished,
                        random.nextInt(4) != 0));
            }
        }
        List<RunningRun> running = new ArrayList<>();
        List<RunRequest> requests = new ArrayList<>();
        List<PendingRetry> retries = new ArrayList<>();
        Map<String, Instant> lastStarted = new HashMap<>();
        Set<String> approvals = new HashSet<>();
        PlanningState empty = PlanningState.initial(catalog, Frames.overnight(), resources, PlannerSettings.DEFAULT);
        for (TaskSpec spec : specs) {
            int roll = random.nextInt(10);
            if (roll == 0) {
                requests.add(new RunRequest("q-" + spec.name(), spec.name(), Map.of(),
                        NOW.minusSeconds(random.nextInt(10_000)), "test"));
            } else if (roll == 1) {
                retries.add(new PendingRetry("r-" + spec.name(), spec.name(), 2,
                        NOW.plusSeconds(random.nextInt(600) - 300), Map.of()));
            } else if (roll == 2) {
                lastStarted.put(spec.name(), NOW.minusSeconds(random.nextInt(20_000)));
            }
            if (random.nextInt(6) == 0) {
                approvals.add(spec.name());
            }
            if (random.nextInt(5) == 0) {
                RunningRun run = new RunningRun("run-" + spec.name(), spec.name(), spec.category(), spec.memoryMb(),
                        NOW.minusSeconds(100));
                List<RunningRun> withRun = new ArrayList<>(running);
                withRun.add(run);
                if (Violations.of(empty.withRunning(withRun), List.of()).isEmpty()) {
                    running.add(run);
                }
            }
        }
        return empty.withCompletions(completions).withRunning(running).withRequests(requests).withRetries(retries)
                .withLastStarted(lastStarted).withApprovals(approvals).withStopped(random.nextInt(20) == 0);
    }

    private static Trigger trigger(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return new Trigger.Manual();
            case 1:
                return new Trigger.Interval(Duration.ofMinutes(5 + random.nextInt(120)));
            case 2:
                return new Trigger.EveryWindow(Trigger.EveryWindow.Scope.TRADING_DAY);
            default:
                return new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW);
        }
    }

    @Property(tries = 400)
    boolean never_violates_conflicts_memory_concurrency_or_dependencies(@ForAll("states") PlanningState state) {
        Plan plan = Planner.plan(state, NOW);
        List<String> violations = Violations.of(state, plan.starts());
        if (!violations.isEmpty()) {
            throw new AssertionError(String.join("\n", violations));
        }
        return true;
    }

    @Property(tries = 400)
    boolean gives_every_task_either_a_start_or_exactly_one_reason(@ForAll("states") PlanningState state) {
        Plan plan = Planner.plan(state, NOW);
        Set<String> started = plan.starts().stream().map(Start::taskName).collect(Collectors.toSet());
        List<String> blocked = plan.blocked().stream().map(Blocked::taskName).collect(Collectors.toList());
        Set<String> all = new HashSet<>(started);
        all.addAll(blocked);
        return blocked.size() == new HashSet<>(blocked).size()
                && Collections.disjoint(started, blocked)
                && all.equals(new HashSet<>(state.catalog().names()));
    }

    @Property(tries = 300)
    boolean is_work_conserving(@ForAll("states") PlanningState state) {
        Plan plan = Planner.plan(state, NOW);
        if (!plan.starts().isEmpty()) {
            return true;
        }
        // Nothing started: then no task could have started even if it were the only one enabled.
        for (TaskSpec spec : state.catalog().tasks()) {
            List<TaskSpec> alone = new ArrayList<>();
            for (TaskSpec other : state.catalog().tasks()) {
                alone.add(other.name().equals(spec.name()) ? other : disabled(other));
            }
            PlanningState only = state.withCatalog(new TaskCatalog(alone));
            if (!Planner.plan(only, NOW).starts().isEmpty()) {
                throw new AssertionError(spec.name() + " could start alone, yet nothing started");
            }
        }
        return true;
    }

    @Property(tries = 300)
    boolean is_deterministic_whatever_the_declaration_order(@ForAll("states") PlanningState state, @ForAll long shuffleSeed) {
        Plan first = Planner.plan(state, NOW);
        Plan again = Planner.plan(state, NOW);
        List<TaskSpec> shuffled = new ArrayList<>(state.catalog().tasks());
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        PlanningState reordered = state.withCatalog(new TaskCatalog(shuffled));
        Plan third = Planner.plan(reordered, NOW);
        return first.equals(again) && first.starts().equals(third.starts());
    }

    private static TaskSpec disabled(TaskSpec s) {
        return new TaskSpec(s.name(), s.description(), s.category(), s.priority(), s.phases(), s.trigger(),
                s.dependencies(), s.conflicts(), s.memoryMb(), s.estimatedDuration(), s.timeout(), s.retry(), s.risk(),
                s.confidence(), s.requiresApproval(), s.extendable(), s.opportunistic(), s.maxConcurrentRuns(),
                s.handler(), s.branches(), false, s.deadline());
    }

    /** An independent check of the limits a set of runs (in flight plus newly started) must respect. */
    static final class Violations {
        static List<String> of(PlanningState state, List<Start> starts) {
            List<String> problems = new ArrayList<>();
            Map<String, Integer> perTask = new HashMap<>();
            Map<String, Integer> perCategory = new HashMap<>();
            long memory = 0;
            List<String> names = new ArrayList<>();
            for (RunningRun r : state.running()) {
                names.add(r.taskName());
                memory += r.memoryMb();
                perCategory.merge(r.category(), 1, Integer::sum);
            }
            Set<String> succeeded = state.completions().stream()
                    .filter(Completion::succeeded)
                    .filter(c -> !c.finishedAt().isBefore(state.frame().cycle().start().toInstant()))
                    .filter(c -> !c.finishedAt().isAfter(NOW))
                    .map(Completion::taskName)
                    .collect(Collectors.toSet());
            for (Start s : starts) {
                TaskSpec spec = state.catalog().get(s.taskName()).orElseThrow();
                names.add(s.taskName());
                memory += spec.memoryMb();
                perCategory.merge(spec.category(), 1, Integer::sum);
                for (String dep : spec.dependencies()) {
                    if (!succeeded.contains(dep)) {
                        problems.add(s.taskName() + " started before its dependency " + dep + " succeeded");
                    }
                }
                if (!spec.allowedIn(state.frame().phase().phase())) {
                    problems.add(s.taskName() + " started outside its phases");
                }
                if (state.stopped()) {
                    problems.add(s.taskName() + " started while stopped");
                }
            }
            for (String name : names) {
                perTask.merge(name, 1, Integer::sum);
            }
            for (Map.Entry<String, Integer> e : perTask.entrySet()) {
                int limit = state.catalog().get(e.getKey()).orElseThrow().maxConcurrentRuns();
                if (e.getValue() > limit) {
                    problems.add(e.getKey() + " has " + e.getValue() + " runs, limit " + limit);
                }
            }
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    TaskSpec a = state.catalog().get(names.get(i)).orElseThrow();
                    TaskSpec b = state.catalog().get(names.get(j)).orElseThrow();
                    if (a.conflicts().contains(b.name()) || b.conflicts().contains(a.name())) {
                        problems.add(a.name() + " and " + b.name() + " conflict but run together");
                    }
                }
            }
            if (memory > state.resources().memoryBudgetMb()) {
                problems.add("memory " + memory + " MB over budget " + state.resources().memoryBudgetMb());
            }
            if (names.size() > state.resources().maxConcurrentRuns()) {
                problems.add(names.size() + " runs over limit " + state.resources().maxConcurrentRuns());
            }
            for (Map.Entry<String, Integer> e : perCategory.entrySet()) {
                if (e.getValue() > state.resources().categoryLimit(e.getKey())) {
                    problems.add("category " + e.getKey() + " over its limit");
                }
            }
            return problems;
        }
    }
}
