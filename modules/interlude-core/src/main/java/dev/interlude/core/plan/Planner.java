package dev.interlude.core.plan;

import dev.interlude.core.Durations;
import dev.interlude.core.task.Priority;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.task.TriggerContext;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.ResearchWindow;
import dev.interlude.core.window.TimeFrame;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides what starts now, and why everything else waits. A pure function of a {@link PlanningState} and an
 * instant: the same input always gives the same plan.
 *
 * <p>A task is a candidate when it is due: a retry whose backoff has passed, a request, or its trigger. Checks that
 * depend only on the task come first (disabled, not due, stopped, wrong phase, retry backoff, dependency pending,
 * awaiting approval). The candidates left are ordered by priority, raised one level for every
 * {@link PlannerSettings#ageBoostEvery()} waited (at most {@link PlannerSettings#maxAgeBoost()} levels, and never
 * into CRITICAL, which stays reserved for tasks declared critical), then by declared priority, then by
 * deadline (latest possible start first), then by how long they have been due; opportunistic tasks go after every
 * other. They are then placed greedily against what the runs already in flight and those started in this plan use:
 * conflicts, the task's own run limit, the research budget, global and per-category concurrency, and memory.
 */
public final class Planner {

    private Planner() {
    }

    public static Plan plan(PlanningState state, Instant now) {
        return new Pass(state, now).run();
    }

    /** The duration the planner budgets for a task: its observed average plus the buffer, or its declared estimate. */
    public static Duration estimate(TaskSpec spec, PlanningState state) {
        DurationStats stats = state.durations().get(spec.name());
        if (stats == null || stats.samples() == 0) {
            return spec.estimatedDuration();
        }
        double buffered = stats.average().toMillis() * (1.0 + state.settings().estimateBuffer());
        return Duration.ofMillis(Math.round(buffered));
    }

    private record Candidate(TaskSpec spec, Start.Cause cause, Optional<String> runId, Optional<String> requestId,
                             int attempt, Map<String, String> parameters, Instant dueSince, Duration estimate,
                             int effectiveRank, Instant latestStart, int sequence) {
    }

    private static final Comparator<Candidate> ORDER = Comparator
            .comparing((Candidate c) -> c.spec().opportunistic())
            .thenComparingInt(Candidate::effectiveRank)
            .thenComparingInt(c -> c.spec().priority().rank())
            .thenComparing(Candidate::latestStart)
            .thenComparing(Candidate::dueSince)
            .thenComparing(c -> c.spec().name())
            .thenComparingInt(Candidate::sequence);

    /** One planning pass: mutable bookkeeping, confined to a single call. */
    private static final class Pass {
        private final PlanningState state;
        private final Instant now;
        private final TimeFrame frame;
        private final ZoneId zone;
        private final Phase phase;
        private final Optional<ResearchWindow> window;
        private final TriggerContext triggerContext;
        private final Set<String> succeededThisCycle = new HashSet<>();
        private final Map<String, Integer> runsPerTask = new HashMap<>();
        private final Map<String, Integer> runsPerCategory = new HashMap<>();
        /** For each task name, how many runs in flight declare a conflict with it (conflicts are mutual). */
        private final Map<String, Integer> conflictsInFlight = new HashMap<>();
        private int runsInFlight;
        private long memoryInUseMb;
        private final List<Start> starts = new ArrayList<>();
        private final Set<String> started = new HashSet<>();
        private final Map<String, Blocked> blocked = new LinkedHashMap<>();

        Pass(PlanningState state, Instant now) {
            this.state = state;
            this.now = now;
            this.frame = state.frame();
            this.zone = frame.zone();
            this.phase = frame.phase().phase();
            this.window = frame.researchWindow().filter(w -> w.contains(now));
            this.triggerContext = new TriggerContext(zone, frame.cycle(), window);
            Instant cycleStart = frame.cycle().start().toInstant();
            for (Completion c : state.completions()) {
                if (c.succeeded() && !c.finishedAt().isBefore(cycleStart) && !c.finishedAt().isAfter(now)) {
                    succeededThisCycle.add(c.taskName());
                }
            }
            for (RunningRun r : state.running()) {
                occupy(r.taskName(), r.category(), r.memoryMb(),
                        state.catalog().get(r.taskName()).map(TaskSpec::conflicts).orElse(Set.of()));
            }
        }

        Plan run() {
            Map<String, List<PendingRetry>> retries = state.retries().stream()
                    .collect(Collectors.groupingBy(PendingRetry::taskName));
            Map<String, List<RunRequest>> requests = state.requests().stream()
                    .collect(Collectors.groupingBy(RunRequest::taskName));
            List<Candidate> ready = new ArrayList<>();
            for (TaskSpec spec : state.catalog().tasks()) {
                collect(spec, retries.getOrDefault(spec.name(), List.of()),
                        requests.getOrDefault(spec.name(), List.of()), ready);
            }
            ready.sort(ORDER);
            for (Candidate candidate : ready) {
                place(candidate);
            }
            List<Blocked> notStarted = new ArrayList<>();
            for (TaskSpec spec : state.catalog().tasks()) {
                Blocked b = blocked.get(spec.name());
                if (b != null && !started.contains(spec.name())) {
                    notStarted.add(b);
                }
            }
            return new Plan(now, frame, starts, notStarted);
        }

        /** Adds the task's ready candidates to {@code ready}, or records the task-level reason it is blocked. */
        private void collect(TaskSpec spec, List<PendingRetry> retries, List<RunRequest> requests, List<Candidate> ready) {
            String name = spec.name();
            if (!spec.enabled()) {
                block(spec, BlockReason.DISABLED, "disabled in the catalog", Optional.empty());
                return;
            }
            List<Candidate> due = dueCandidates(spec, retries, requests);
            if (due.isEmpty()) {
                block(spec, BlockReason.NOT_DUE, notDueDetail(spec), Optional.empty());
                return;
            }
            Optional<Instant> earliest = due.stream().map(Candidate::dueSince).min(Comparator.naturalOrder());
            if (state.stopped()) {
                block(spec, BlockReason.STOPPED, "dispatch is stopped; resume to start new runs", earliest);
                return;
            }
            if (!spec.allowedIn(phase)) {
                block(spec, BlockReason.WRONG_PHASE, "runs in " + phases(spec) + "; now " + phase, earliest);
                return;
            }
            List<Candidate> pastBackoff = due.stream()
                    .filter(c -> c.cause() != Start.Cause.RETRY || !c.dueSince().isAfter(now))
                    .collect(Collectors.toList());
            if (pastBackoff.isEmpty()) {
                PendingRetry first = retries.stream().min(Comparator.comparing(PendingRetry::notBefore)).orElseThrow();
                block(spec, BlockReason.RETRY_BACKOFF, "attempt " + first.nextAttempt() + " of run " + first.runId()
                        + " not before " + first.notBefore().atZone(zone).toOffsetDateTime(), earliest);
                return;
            }
            List<String> pending = spec.dependencies().stream()
                    .filter(dep -> !succeededThisCycle.contains(dep))
                    .collect(Collectors.toList());
            if (!pending.isEmpty()) {
                block(spec, BlockReason.DEPENDENCY_PENDING, "waits for " + String.join(", ", pending)
                        + " to succeed in this trading cycle", earliest);
                return;
            }
            if (spec.requiresApproval() && !state.approvals().contains(name)) {
                block(spec, BlockReason.AWAITING_APPROVAL, "requires approval (risk " + spec.risk()
                        + "); approve it for this trading cycle", earliest);
                return;
            }
            ready.addAll(pastBackoff);
        }

        private List<Candidate> dueCandidates(TaskSpec spec, List<PendingRetry> retries, List<RunRequest> requests) {
            Duration estimate = Planner.estimate(spec, state);
            Instant latestStart = latestStart(spec, estimate);
            List<Candidate> due = new ArrayList<>();
            int sequence = 0;
            for (PendingRetry r : retries) {
                due.add(candidate(spec, Start.Cause.RETRY, Optional.of(r.runId()), Optional.empty(), r.nextAttempt(),
                        r.parameters(), r.notBefore(), estimate, latestStart, sequence++));
            }
            for (RunRequest r : requests) {
                due.add(candidate(spec, Start.Cause.REQUEST, Optional.empty(), Optional.of(r.requestId()), 1,
                        r.parameters(), r.requestedAt(), estimate, latestStart, sequence++));
            }
            if (retries.isEmpty()) {
                Optional<Instant> fired = spec.trigger()
                        .dueSince(Optional.ofNullable(state.lastStarted().get(spec.name())), now, triggerContext);
                if (fired.isPresent()) {
                    due.add(candidate(spec, Start.Cause.TRIGGER, Optional.empty(), Optional.empty(), 1, Map.of(),
                            fired.get(), estimate, latestStart, sequence));
                }
            }
            return due;
        }

        private Candidate candidate(TaskSpec spec, Start.Cause cause, Optional<String> runId, Optional<String> requestId,
                                    int attempt, Map<String, String> parameters, Instant dueSince, Duration estimate,
                                    Instant latestStart, int sequence) {
            return new Candidate(spec, cause, runId, requestId, attempt, parameters, dueSince, estimate,
                    effectiveRank(spec, dueSince), latestStart, sequence);
        }

        private int effectiveRank(TaskSpec spec, Instant dueSince) {
            PlannerSettings settings = state.settings();
            long waited = dueSince.isBefore(now) ? Duration.between(dueSince, now).toMillis() : 0L;
            long levels = Math.min(settings.maxAgeBoost(), waited / settings.ageBoostEvery().toMillis());
            int declared = spec.priority().rank();
            int highestReachable = Math.min(declared, Priority.HIGH.rank());
            return (int) Math.max(highestReachable, declared - levels);
        }

        /** The latest start that still meets the task's deadline; tasks without one sort after all that have one. */
        private Instant latestStart(TaskSpec spec, Duration estimate) {
            if (spec.deadline().isEmpty()) {
                return Instant.MAX;
            }
            LocalTime at = spec.deadline().get();
            ZonedDateTime local = now.atZone(zone);
            ZonedDateTime deadline = ZonedDateTime.of(local.toLocalDate(), at, zone);
            if (deadline.toInstant().isBefore(now)) {
                deadline = ZonedDateTime.of(local.toLocalDate().plusDays(1), at, zone);
            }
            return deadline.toInstant().minus(estimate);
        }

        private void place(Candidate c) {
            TaskSpec spec = c.spec();
            Optional<String> conflict = runningConflict(spec);
            if (conflict.isPresent()) {
                block(c, BlockReason.CONFLICT_RUNNING, "conflicts with " + conflict.get() + ", which is running");
                return;
            }
            int ownRuns = runsPerTask.getOrDefault(spec.name(), 0);
            if (ownRuns >= spec.maxConcurrentRuns()) {
                block(c, BlockReason.OVER_CONCURRENCY, ownRuns + " of " + spec.maxConcurrentRuns()
                        + " runs of this task in flight");
                return;
            }
            if (window.isPresent() && !spec.extendable()) {
                Duration left = window.get().remainingAt(now);
                if (c.estimate().compareTo(left) > 0) {
                    block(c, BlockReason.DOES_NOT_FIT_BUDGET, "needs " + Durations.human(c.estimate()) + ", "
                            + Durations.human(left) + " of the " + window.get().budgetType().id() + " budget left");
                    return;
                }
            }
            if (runsInFlight >= state.resources().maxConcurrentRuns()) {
                block(c, BlockReason.OVER_CONCURRENCY, runsInFlight + " of " + state.resources().maxConcurrentRuns()
                        + " runs in flight");
                return;
            }
            int categoryRuns = runsPerCategory.getOrDefault(spec.category(), 0);
            int categoryLimit = state.resources().categoryLimit(spec.category());
            if (categoryRuns >= categoryLimit) {
                block(c, BlockReason.OVER_CONCURRENCY, "category " + spec.category() + ": " + categoryRuns + " of "
                        + categoryLimit + " runs in flight");
                return;
            }
            long budget = state.resources().memoryBudgetMb();
            if (memoryInUseMb + spec.memoryMb() > budget) {
                block(c, BlockReason.NOT_ENOUGH_MEMORY, "needs " + spec.memoryMb() + " MB, "
                        + Math.max(0L, budget - memoryInUseMb) + " MB of " + budget + " MB free");
                return;
            }
            occupy(spec.name(), spec.category(), spec.memoryMb(), spec.conflicts());
            started.add(spec.name());
            starts.add(new Start(spec.name(), c.cause(), c.runId(), c.requestId(), c.attempt(), c.parameters(),
                    c.estimate(), c.dueSince()));
        }

        private Optional<String> runningConflict(TaskSpec spec) {
            Optional<String> declared = spec.conflicts().stream()
                    .filter(other -> runsPerTask.getOrDefault(other, 0) > 0)
                    .sorted()
                    .findFirst();
            if (declared.isPresent() || conflictsInFlight.getOrDefault(spec.name(), 0) == 0) {
                return declared;
            }
            return runsPerTask.keySet().stream()
                    .filter(other -> state.catalog().get(other)
                            .map(o -> o.conflicts().contains(spec.name())).orElse(false))
                    .sorted()
                    .findFirst();
        }

        private void occupy(String task, String category, int memoryMb, Set<String> conflicts) {
            for (String other : conflicts) {
                conflictsInFlight.merge(other, 1, Integer::sum);
            }
            runsPerTask.merge(task, 1, Integer::sum);
            runsPerCategory.merge(category, 1, Integer::sum);
            runsInFlight++;
            memoryInUseMb += memoryMb;
        }

        private void block(Candidate c, BlockReason reason, String detail) {
            blocked.putIfAbsent(c.spec().name(), new Blocked(c.spec().name(), reason, detail, Optional.of(c.dueSince())));
        }

        private void block(TaskSpec spec, BlockReason reason, String detail, Optional<Instant> dueSince) {
            blocked.put(spec.name(), new Blocked(spec.name(), reason, detail, dueSince));
        }

        private String notDueDetail(TaskSpec spec) {
            Trigger trigger = spec.trigger();
            Optional<Instant> last = Optional.ofNullable(state.lastStarted().get(spec.name()));
            if (trigger instanceof Trigger.Manual) {
                return "manual: runs when requested";
            }
            if (trigger instanceof Trigger.EveryWindow every) {
                if (every.scope() == Trigger.EveryWindow.Scope.WINDOW && window.isEmpty()) {
                    return "runs once per research window; none is open";
                }
                return "already started this " + (every.scope() == Trigger.EveryWindow.Scope.WINDOW
                        ? "research window" : "trading cycle") + last.map(i -> " at " + local(i)).orElse("");
            }
            return trigger.nextFireAfter(last.orElse(now).atZone(zone))
                    .map(next -> "next fire at " + next.withZoneSameInstant(zone).toOffsetDateTime())
                    .orElse("no further fire time");
        }

        private String local(Instant i) {
            return i.atZone(zone).toOffsetDateTime().toString();
        }

        private static String phases(TaskSpec spec) {
            return spec.phases().stream().sorted().map(Enum::name).collect(Collectors.joining(", "));
        }
    }
}
