package dev.interlude.core.plan;

import dev.interlude.core.Durations;
import dev.interlude.core.task.Due;
import dev.interlude.core.task.Priority;
import dev.interlude.core.task.Risk;
import dev.interlude.core.task.TaskGraph;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides what starts now, and why everything else waits. A pure function of a {@link PlanningState} and an
 * instant: the same input always gives the same plan.
 *
 * <p>A task is a candidate when it is due: a retry whose backoff has passed, a request, or its trigger. Checks that
 * depend only on the task come first (disabled, wrong phase, not due, stopped, retry backoff, dependency pending,
 * awaiting approval, endpoint unavailable): a task outside its phases is reported as such whether or not it is due,
 * and its trigger is
 * not even evaluated. The candidates left are ordered by priority, raised one level for every
 * {@link PlannerSettings#ageBoostEvery()} waited (at most {@link PlannerSettings#maxAgeBoost()} levels, and never
 * into CRITICAL, which stays reserved for tasks declared critical), then by declared priority, then by
 * deadline (latest possible start first), then by how long they have been due; opportunistic tasks go after every
 * other. They are then placed greedily against what the runs already in flight and those started in this plan use:
 * conflicts, the task's own run limit, the research budget, global and per-category concurrency, and memory.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * The plan at {@code now}. With a {@link PlanningState#dueIndex() due index} in the state, what did not change
     * since the index's last pass is not worked out again; the plan is the same either way.
     */
    public static Plan plan(PlanningState state, Instant now) {
        return plan(state, now, true);
    }

    /**
     * The plan, with the planner's shortcuts ({@code shortcuts}, always in production) or without: with them it
     * considers only the requests that can matter and orders only the candidates that can still start; without, it
     * considers every request and orders every candidate. The same plan either way, which tests check.
     */
    static Plan plan(PlanningState state, Instant now, boolean shortcuts) {
        DueIndex index = state.dueIndex().orElseGet(DueIndex::new);
        synchronized (index) {
            return new Pass(state, now, index, shortcuts).run();
        }
    }

    /** The duration the planner budgets for a task: its observed average plus the buffer, or its declared estimate. */
    public static Duration estimate(TaskSpec spec, PlanningState state) {
        return estimate(spec, state.durations().get(spec.name()), state.settings());
    }

    private static Duration estimate(TaskSpec spec, DurationStats stats, PlannerSettings settings) {
        if (stats == null || stats.samples() == 0) {
            return spec.estimatedDuration();
        }
        double buffered = stats.average().toMillis() * (1.0 + settings.estimateBuffer());
        return Duration.ofMillis(Math.round(buffered));
    }

    /**
     * The priority a task due since {@code dueSince} competes with at {@code now}: its declared priority raised one
     * level for every {@link PlannerSettings#ageBoostEvery()} waited, at most {@link PlannerSettings#maxAgeBoost()}
     * levels, and never into CRITICAL unless it is declared CRITICAL.
     */
    public static Priority effectivePriority(TaskSpec spec, Instant dueSince, PlannerSettings settings, Instant now) {
        return Priority.values()[effectiveRank(spec, dueSince, settings, now)];
    }

    /**
     * The key the planner orders due tasks by, lower first: opportunistic tasks after every other, then the
     * {@link #effectivePriority effective priority}, then the declared one. Equal keys go by deadline (latest
     * possible start first), then by how long the task has been due.
     */
    public static int rankKey(TaskSpec spec, Instant dueSince, PlannerSettings settings, Instant now) {
        return (spec.opportunistic() ? 100 : 0) + effectiveRank(spec, dueSince, settings, now) * 10
                + spec.priority().rank();
    }

    private static int effectiveRank(TaskSpec spec, Instant dueSince, PlannerSettings settings, Instant now) {
        long waited = Math.max(0L, now.toEpochMilli() - dueSince.toEpochMilli());
        long levels = Math.min(settings.maxAgeBoost(), waited / settings.ageBoostEvery().toMillis());
        int declared = spec.priority().rank();
        int highestReachable = Math.min(declared, Priority.HIGH.rank());
        return (int) Math.max(highestReachable, declared - levels);
    }

    /**
     * One way a task is due now. {@code rankKey} packs opportunistic (last), effective and declared priority into
     * one number, lower first.
     */
    private record Candidate(TaskSpec spec, int task, Start.Cause cause, Optional<String> runId,
                             Optional<String> requestId, int attempt, Map<String, String> parameters,
                             Instant dueSince, long dueSinceMillis, Duration estimate, int rankKey, long latestStart,
                             int nameRank, int sequence) {
    }

    /**
     * Opportunistic last; then effective priority, declared priority, latest start for the deadline, due since, and
     * the name, so equal candidates always come in the same order.
     */
    private static final Comparator<Candidate> ORDER = (a, b) -> {
        int c = Integer.compare(a.rankKey(), b.rankKey());
        if (c == 0) {
            c = Long.compare(a.latestStart(), b.latestStart());
        }
        if (c == 0) {
            c = Long.compare(a.dueSinceMillis(), b.dueSinceMillis());
        }
        if (c == 0) {
            c = Integer.compare(a.nameRank(), b.nameRank());
        }
        return c != 0 ? c : Integer.compare(a.sequence(), b.sequence());
    };

    /** How many candidates a pass takes off its heap, in order, before it sorts the rest at once. */
    private static final int FROM_THE_HEAP = 64;

    /** One planning pass: mutable bookkeeping by task index, confined to a single call. */
    private static final class Pass {
        private final PlanningState state;
        private final DueIndex index;
        private final TaskGraph graph;
        private final Instant now;
        private final boolean shortcuts;
        private final TimeFrame frame;
        private final ZoneId zone;
        private final Phase phase;
        private final Optional<ResearchWindow> window;
        /** The research budget left at now; null outside research windows. */
        private final Duration remaining;
        private final TriggerContext triggerContext;
        private final boolean[] succeededThisCycle;
        private final int[] runsPerTask;
        /** For each task, how many runs in flight conflict with it (conflicts are mutual). */
        private final int[] conflictsInFlight;
        private final int[] runsPerCategory;
        private final int[] categoryLimits;
        private int runsInFlight;
        private long memoryInUseMb;
        private final List<Start> starts = new ArrayList<>();
        private final Blocked[] blocked;
        /** The earliest instant after now at which a decision can change by itself; the phase end at the latest. */
        private Instant nextDecision;

        Pass(PlanningState state, Instant now, DueIndex index, boolean shortcuts) {
            this.shortcuts = shortcuts;
            this.state = state;
            this.index = index;
            this.graph = state.catalog().graph();
            this.now = now;
            this.frame = state.frame();
            this.zone = frame.zone();
            this.phase = frame.phase().phase();
            this.window = frame.researchWindow().filter(w -> w.contains(now));
            this.remaining = window.map(w -> w.remainingAt(now)).orElse(null);
            this.triggerContext = new TriggerContext(zone, frame.cycle(), window);
            index.prepare(graph, triggerContext, state);
            this.nextDecision = frame.phase().end().toInstant();
            int n = graph.size();
            succeededThisCycle = new boolean[n];
            runsPerTask = new int[n];
            conflictsInFlight = new int[n];
            blocked = new Blocked[n];
            runsPerCategory = new int[graph.categoryCount()];
            categoryLimits = new int[graph.categoryCount()];
            for (int c = 0; c < categoryLimits.length; c++) {
                categoryLimits[c] = state.resources().categoryLimit(graph.category(c));
            }
            Instant cycleStart = frame.cycle().start().toInstant();
            List<Completion> completions = state.completions();
            for (int k = 0; k < completions.size(); k++) {
                Completion c = completions.get(k);
                int task = index.completionTask(k);
                boolean inCycle = !c.finishedAt().isBefore(cycleStart) && !c.finishedAt().isAfter(now);
                if (task >= 0 && c.succeeded() && inCycle) {
                    succeededThisCycle[task] = true;
                }
            }
            for (RunningRun r : state.running()) {
                int task = graph.indexOf(r.taskName());
                occupy(task, task >= 0 ? graph.categoryOf(task) : graph.categoryIndex(r.category()), r.memoryMb());
            }
        }

        Plan run() {
            List<PendingRetry>[] retries = state.retries().isEmpty() ? null
                    : byTask(state.retries(), PendingRetry::taskName);
            List<RunRequest>[] requests = state.requests().isEmpty() ? null
                    : byTask(state.requests(), RunRequest::taskName);
            List<Candidate> ready = new ArrayList<>();
            for (int task = 0; task < graph.size(); task++) {
                collect(task, orNone(retries, task), orNone(requests, task), ready);
            }
            boolean[] started = new boolean[graph.size()];
            if (shortcuts) {
                placeUntilNothingFits(ready, started);
            } else {
                ready.sort(ORDER);
                for (Candidate candidate : ready) {
                    place(candidate, started);
                }
            }
            List<Blocked> notStarted = new ArrayList<>(graph.size());
            for (int task = 0; task < graph.size(); task++) {
                if (!started[task] && blocked[task] != null) {
                    notStarted.add(blocked[task]);
                }
            }
            return new Plan(now, frame, starts, notStarted, nextDecision);
        }

        /**
         * Places the candidates in {@link #ORDER}, as sorting them all and walking the list would, but orders only
         * those that can still start: they come off a heap until nothing left can start (every run slot is taken,
         * or less memory is free than the smallest candidate needs; limits only tighten during a pass). The rest
         * all wait, whatever their turn, each task for the reason its first remaining candidate meets. On a busy
         * desk the memory is taken within the first few dozen of 3,000 candidates, so that many are ordered, not
         * all of them. When more than {@value #FROM_THE_HEAP} come off the heap, the rest are sorted at once
         * instead (cheaper than one by one).
         */
        private void placeUntilNothingFits(List<Candidate> ready, boolean[] started) {
            PriorityQueue<Candidate> queue = new PriorityQueue<>(Math.max(1, ready.size()), ORDER);
            queue.addAll(ready);
            int smallestMemoryMb = Integer.MAX_VALUE;
            for (int k = 0; k < ready.size(); k++) {
                smallestMemoryMb = Math.min(smallestMemoryMb, ready.get(k).spec().memoryMb());
            }
            for (int polled = 0; polled < FROM_THE_HEAP && !queue.isEmpty() && !nothingFits(smallestMemoryMb);
                 polled++) {
                place(queue.poll(), started);
            }
            List<Candidate> left = new ArrayList<>(queue);
            if (!nothingFits(smallestMemoryMb)) {
                left.sort(ORDER);
                int k = 0;
                while (k < left.size() && !nothingFits(smallestMemoryMb)) {
                    place(left.get(k++), started);
                }
                left = left.subList(k, left.size());
            }
            Candidate[] first = new Candidate[graph.size()];
            for (Candidate candidate : left) {
                Candidate earlier = first[candidate.task()];
                if (earlier == null || ORDER.compare(candidate, earlier) < 0) {
                    first[candidate.task()] = candidate;
                }
            }
            for (Candidate candidate : first) {
                if (candidate != null && place(candidate)) {
                    throw new IllegalStateException("the planner placed " + candidate.spec().name()
                            + " after it found that nothing more fits");
                }
            }
        }

        /** Whether no candidate can start any more: every run slot is taken, or none fits in the memory left. */
        private boolean nothingFits(int smallestMemoryMb) {
            return runsInFlight >= state.resources().maxConcurrentRuns()
                    || memoryInUseMb + smallestMemoryMb > state.resources().memoryBudgetMb();
        }

        private static <T> List<T> orNone(List<T>[] grouped, int task) {
            List<T> items = grouped == null ? null : grouped[task];
            return items == null ? List.of() : items;
        }

        /** Groups items by task index (null where a task has none); items for unknown tasks are left out. */
        private <T> List<T>[] byTask(List<T> items, Function<T, String> taskName) {
            @SuppressWarnings("unchecked")
            List<T>[] grouped = (List<T>[]) new List<?>[graph.size()];
            for (T item : items) {
                int task = graph.indexOf(taskName.apply(item));
                if (task >= 0) {
                    if (grouped[task] == null) {
                        grouped[task] = new ArrayList<>();
                    }
                    grouped[task].add(item);
                }
            }
            return grouped;
        }

        /** Adds the task's ready candidates to {@code ready}, or records the task-level reason it is blocked. */
        private void collect(int task, List<PendingRetry> retries, List<RunRequest> requests, List<Candidate> ready) {
            if (!graph.enabled(task)) {
                block(task, BlockReason.DISABLED, "disabled in the catalog", Optional.empty());
                return;
            }
            if (!graph.allowedIn(task, phase)) {
                String allowed = graph.phaseNames(task);
                Phase current = phase;
                explainLater(task, BlockReason.WRONG_PHASE, Optional.empty(),
                        () -> "runs in " + allowed + "; now " + current);
                return;
            }
            TaskSpec spec = graph.spec(task);
            // A pending retry is the task's due occurrence; its trigger waits until the run is over.
            Due triggered = retries.isEmpty() ? index.due(task, now) : Due.never();
            triggered.nextFire().ifPresent(this::wakeAt);
            for (int k = 0; k < retries.size(); k++) {
                wakeAt(retries.get(k).notBefore());
            }
            Optional<Instant> earliest = earliestDue(triggered, retries, requests);
            if (earliest.isEmpty()) {
                explainLater(task, BlockReason.NOT_DUE, Optional.empty(), notDueDetail(task, triggered));
                return;
            }
            if (state.stopped()) {
                block(task, BlockReason.STOPPED, "dispatch is stopped; resume to start new runs", earliest);
                return;
            }
            if (triggered.since().isEmpty() && requests.isEmpty() && !anyPastBackoff(retries)) {
                PendingRetry first = retries.stream().min(Comparator.comparing(PendingRetry::notBefore)).orElseThrow();
                ZoneId in = zone;
                explainLater(task, BlockReason.RETRY_BACKOFF, earliest, () -> "attempt " + first.nextAttempt()
                        + " of run " + first.runId() + " not before " + local(first.notBefore(), in));
                return;
            }
            if (!dependenciesMet(task)) {
                TaskGraph tasks = graph;
                boolean[] succeeded = succeededThisCycle;
                explainLater(task, BlockReason.DEPENDENCY_PENDING, earliest, () -> "waits for "
                        + pendingDependencies(tasks, succeeded, task) + " to succeed in this trading cycle");
                return;
            }
            if (state.settings().needsApproval(spec) && !state.approvals().contains(spec.name())) {
                Risk risk = spec.risk();
                double confidence = spec.confidence();
                String why = spec.requiresApproval() ? "requires approval (risk " + risk + ")"
                        : "risk HIGH with confidence " + confidence + ", below "
                                + state.settings().approvalBelowConfidence();
                explainLater(task, BlockReason.AWAITING_APPROVAL, earliest,
                        () -> why + "; approve it for this trading cycle");
                return;
            }
            String unavailable = state.unavailable().get(spec.name());
            if (unavailable != null) {
                block(task, BlockReason.ENDPOINT_UNAVAILABLE, unavailable, earliest);
                return;
            }
            addCandidates(task, triggered, retries, requests, ready);
        }

        private void wakeAt(Instant instant) {
            if (instant.isAfter(now) && instant.isBefore(nextDecision)) {
                nextDecision = instant;
            }
        }

        /** When the task became due: the earliest of its trigger, requests and pending retries; empty if not due. */
        private static Optional<Instant> earliestDue(Due triggered, List<PendingRetry> retries,
                                                     List<RunRequest> requests) {
            if (retries.isEmpty() && requests.isEmpty()) {
                return triggered.since();
            }
            Instant earliest = triggered.since().orElse(null);
            for (PendingRetry r : retries) {
                earliest = earliest == null || r.notBefore().isBefore(earliest) ? r.notBefore() : earliest;
            }
            for (RunRequest r : requests) {
                earliest = earliest == null || r.requestedAt().isBefore(earliest) ? r.requestedAt() : earliest;
            }
            return Optional.ofNullable(earliest);
        }

        private boolean anyPastBackoff(List<PendingRetry> retries) {
            for (PendingRetry r : retries) {
                if (!r.notBefore().isAfter(now)) {
                    return true;
                }
            }
            return false;
        }

        private static String pendingDependencies(TaskGraph graph, boolean[] succeeded, int task) {
            StringBuilder names = new StringBuilder();
            List<String> declared = graph.spec(task).dependencies();
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                int dep = graph.dependency(task, k);
                if (dep < 0 || !succeeded[dep]) {
                    names.append(names.length() == 0 ? "" : ", ").append(declared.get(k));
                }
            }
            return names.toString();
        }

        private boolean dependenciesMet(int task) {
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                int dep = graph.dependency(task, k);
                if (dep < 0 || !succeededThisCycle[dep]) {
                    return false;
                }
            }
            return true;
        }

        /** The task's ready candidates: retries past their backoff, requests, and its trigger. */
        private void addCandidates(int task, Due triggered, List<PendingRetry> retries, List<RunRequest> requests,
                                   List<Candidate> ready) {
            TaskSpec spec = graph.spec(task);
            Duration estimate = Planner.estimate(spec, index.durations(task), state.settings());
            long latestStart = latestStart(spec, estimate);
            int sequence = 0;
            for (int k = 0; k < retries.size(); k++) {
                PendingRetry r = retries.get(k);
                if (!r.notBefore().isAfter(now)) {
                    ready.add(candidate(task, Start.Cause.RETRY, Optional.of(r.runId()), Optional.empty(),
                            r.nextAttempt(), r.parameters(), r.notBefore(), estimate, latestStart, sequence));
                }
                sequence++;
            }
            int considered = requestsWorthConsidering(task, requests);
            for (int k = 0; k < considered; k++) {
                RunRequest r = requests.get(k);
                ready.add(candidate(task, Start.Cause.REQUEST, Optional.empty(), Optional.of(r.requestId()), 1,
                        r.parameters(), r.requestedAt(), estimate, latestStart, sequence++));
            }
            if (triggered.since().isPresent()) {
                ready.add(candidate(task, Start.Cause.TRIGGER, Optional.empty(), Optional.empty(), 1, Map.of(),
                        triggered.since().get(), estimate, latestStart, sequence));
            }
        }

        /**
         * How many of the task's requests, from the first, can matter to this plan: all of them, unless they are in
         * the order asked (the queue's order) and more than the task could start now. A task starts at most as many
         * runs as its own, its category's and the global concurrency leave free; its candidates are placed oldest
         * first; and once one fails a limit every later one fails too (limits only tighten during a pass). So with
         * {@code free} starts possible, the oldest {@code free + 1} requests decide the plan (the last of them says
         * why the rest wait), and a queue of 100,000 costs no more than one of {@code free + 1}.
         */
        private int requestsWorthConsidering(int task, List<RunRequest> requests) {
            int category = graph.categoryOf(task);
            long free = Math.min(graph.spec(task).maxConcurrentRuns() - (long) runsPerTask[task],
                    Math.min(state.resources().maxConcurrentRuns() - (long) runsInFlight,
                            categoryLimits[category] - (long) runsPerCategory[category]));
            long worth = Math.max(0L, free) + 1;
            if (!shortcuts || worth >= requests.size()) {
                return requests.size();
            }
            for (int k = 1; k < requests.size(); k++) {
                if (requests.get(k).requestedAt().isBefore(requests.get(k - 1).requestedAt())) {
                    return requests.size(); // not in the order asked: every one competes
                }
            }
            return (int) worth;
        }

        private Candidate candidate(int task, Start.Cause cause, Optional<String> runId, Optional<String> requestId,
                                    int attempt, Map<String, String> parameters, Instant dueSince, Duration estimate,
                                    long latestStart, int sequence) {
            TaskSpec spec = graph.spec(task);
            int rankKey = rankKey(spec, dueSince, state.settings(), now);
            return new Candidate(spec, task, cause, runId, requestId, attempt, parameters, dueSince,
                    dueSince.toEpochMilli(), estimate, rankKey, latestStart, graph.nameRank(task), sequence);
        }

        /**
         * The latest start (epoch milliseconds) that still meets the task's deadline; tasks without one sort after
         * all that have one.
         */
        private long latestStart(TaskSpec spec, Duration estimate) {
            if (spec.deadline().isEmpty()) {
                return Long.MAX_VALUE;
            }
            LocalTime at = spec.deadline().get();
            ZonedDateTime local = now.atZone(zone);
            ZonedDateTime deadline = ZonedDateTime.of(local.toLocalDate(), at, zone);
            if (deadline.toInstant().isBefore(now)) {
                deadline = ZonedDateTime.of(local.toLocalDate().plusDays(1), at, zone);
            }
            return deadline.toInstant().minus(estimate).toEpochMilli();
        }

        /** {@link #place(Candidate)}, noting in {@code started} the task of a candidate that starts. */
        private void place(Candidate c, boolean[] started) {
            if (place(c)) {
                started[c.task()] = true;
            }
        }

        /** Starts the candidate if every limit allows it; otherwise records why not. */
        private boolean place(Candidate c) {
            BlockReason reason = limit(c);
            if (reason != null) {
                if (blocked[c.task()] == null) {
                    blocked[c.task()] = Blocked.explainedLater(c.spec().name(), reason, Optional.of(c.dueSince()),
                            limitDetail(c, reason));
                }
                return false;
            }
            TaskSpec spec = c.spec();
            occupy(c.task(), graph.categoryOf(c.task()), spec.memoryMb());
            starts.add(new Start(spec.name(), c.cause(), c.runId(), c.requestId(), c.attempt(), c.parameters(),
                    c.estimate(), c.dueSince()));
            return true;
        }

        /** The first limit that keeps the candidate from starting now, or null if none does. */
        private BlockReason limit(Candidate c) {
            TaskSpec spec = c.spec();
            int task = c.task();
            if (conflictsInFlight[task] > 0) {
                return BlockReason.CONFLICT_RUNNING;
            }
            if (runsPerTask[task] >= spec.maxConcurrentRuns()) {
                return BlockReason.OVER_CONCURRENCY;
            }
            if (remaining != null && !spec.extendable() && c.estimate().compareTo(remaining) > 0) {
                return BlockReason.DOES_NOT_FIT_BUDGET;
            }
            int category = graph.categoryOf(task);
            if (runsInFlight >= state.resources().maxConcurrentRuns()
                    || runsPerCategory[category] >= categoryLimits[category]) {
                return BlockReason.OVER_CONCURRENCY;
            }
            if (memoryInUseMb + spec.memoryMb() > state.resources().memoryBudgetMb()) {
                return BlockReason.NOT_ENOUGH_MEMORY;
            }
            return null;
        }

        /** The operator's sentence for a limit found by {@link #limit(Candidate)}, from the counts as they are now. */
        private Supplier<String> limitDetail(Candidate c, BlockReason reason) {
            TaskSpec spec = c.spec();
            int task = c.task();
            int category = graph.categoryOf(task);
            long budget = state.resources().memoryBudgetMb();
            long free = Math.max(0L, budget - memoryInUseMb);
            switch (reason) {
                case CONFLICT_RUNNING: {
                    String other = runningConflict(task);
                    return () -> "conflicts with " + other + ", which is running";
                }
                case DOES_NOT_FIT_BUDGET: {
                    Duration left = remaining;
                    String type = window.get().budgetType().id();
                    return () -> "needs " + Durations.human(c.estimate()) + ", " + Durations.human(left) + " of the "
                            + type + " budget left";
                }
                case NOT_ENOUGH_MEMORY:
                    return () -> "needs " + spec.memoryMb() + " MB, " + free + " MB of " + budget + " MB free";
                case OVER_CONCURRENCY: {
                    int own = runsPerTask[task];
                    if (own >= spec.maxConcurrentRuns()) {
                        return () -> own + " of " + spec.maxConcurrentRuns() + " runs of this task in flight";
                    }
                    int inFlight = runsInFlight;
                    int limit = state.resources().maxConcurrentRuns();
                    if (inFlight >= limit) {
                        return () -> inFlight + " of " + limit + " runs in flight";
                    }
                    int inCategory = runsPerCategory[category];
                    int categoryLimit = categoryLimits[category];
                    return () -> "category " + spec.category() + ": " + inCategory + " of " + categoryLimit
                            + " runs in flight";
                }
                default:
                    throw new IllegalArgumentException("not a limit: " + reason);
            }
        }

        /** The first task, by name, that conflicts with {@code task} and has a run in flight. */
        private String runningConflict(int task) {
            for (int k = 0; k < graph.conflictCount(task); k++) {
                int other = graph.conflict(task, k);
                if (runsPerTask[other] > 0) {
                    return graph.spec(other).name();
                }
            }
            throw new IllegalStateException("conflict count and runs in flight disagree for " + graph.spec(task).name());
        }

        /** Counts a run in flight; {@code task} and {@code category} are -1 for ones the catalog does not know. */
        private void occupy(int task, int category, int memoryMb) {
            if (task >= 0) {
                runsPerTask[task]++;
                for (int k = 0; k < graph.conflictCount(task); k++) {
                    conflictsInFlight[graph.conflict(task, k)]++;
                }
            }
            if (category >= 0) {
                runsPerCategory[category]++;
            }
            runsInFlight++;
            memoryInUseMb += memoryMb;
        }

        private void block(int task, BlockReason reason, String detail, Optional<Instant> dueSince) {
            blocked[task] = new Blocked(graph.name(task), reason, detail, dueSince);
        }

        /** Records why the task waits; the sentence is written only if someone reads it. */
        private void explainLater(int task, BlockReason reason, Optional<Instant> dueSince, Supplier<String> detail) {
            blocked[task] = Blocked.explainedLater(graph.name(task), reason, dueSince, detail);
        }

        private Supplier<String> notDueDetail(int task, Due triggered) {
            Trigger trigger = graph.spec(task).trigger();
            ZoneId in = zone;
            if (trigger instanceof Trigger.Manual) {
                return () -> "manual: runs when requested";
            }
            if (trigger instanceof Trigger.EveryWindow every) {
                if (every.scope() == Trigger.EveryWindow.Scope.WINDOW && window.isEmpty()) {
                    return () -> "runs once per research window; none is open";
                }
                Optional<Instant> last = Optional.ofNullable(index.lastStarted(task));
                String span = every.scope() == Trigger.EveryWindow.Scope.WINDOW ? "research window" : "trading cycle";
                return () -> "already started this " + span + last.map(i -> " at " + local(i, in)).orElse("");
            }
            Optional<Instant> next = triggered.nextFire();
            return () -> next.map(at -> "next fire at " + local(at, in)).orElse("no further fire time");
        }

        private static String local(Instant i, ZoneId zone) {
            return i.atZone(zone).toOffsetDateTime().toString();
        }
    }
}
