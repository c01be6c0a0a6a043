package dev.interlude.engine.supervisor;

import dev.interlude.core.plan.Completion;
import dev.interlude.core.plan.DurationStats;
import dev.interlude.core.plan.PendingRetry;
import dev.interlude.core.plan.PlannerSettings;
import dev.interlude.core.plan.PlanningState;
import dev.interlude.core.plan.Resources;
import dev.interlude.core.plan.RunRequest;
import dev.interlude.core.plan.RunningRun;
import dev.interlude.core.plan.Start;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TimeFrame;
import dev.interlude.engine.CborSerializable;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalDenied;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalGranted;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalRequested;
import dev.interlude.engine.supervisor.SupervisorEvent.DispatchResumed;
import dev.interlude.engine.supervisor.SupervisorEvent.DispatchStopped;
import dev.interlude.engine.supervisor.SupervisorEvent.RetryScheduled;
import dev.interlude.engine.supervisor.SupervisorEvent.RunAbandoned;
import dev.interlude.engine.supervisor.SupervisorEvent.RunFailed;
import dev.interlude.engine.supervisor.SupervisorEvent.RunInterrupted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunQueued;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunSucceeded;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskDefined;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskEnabledChanged;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskRemoved;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pcollections.HashPMap;
import org.pcollections.HashTreePMap;
import org.pcollections.OrderedPMap;
import org.pcollections.PMap;
import org.pcollections.TreePMap;
import org.pcollections.TreePVector;

/**
 * What the supervisor knows, rebuilt from its journal: runs in flight, recent completions, when each task last
 * started and last succeeded, requests and retries waiting, approvals and denials, the stop state, observed
 * durations, and the changes made to the task catalog at run time. Immutable; {@link #apply} is the pure event
 * handler.
 *
 * <p>Every collection is persistent (pcollections): applying an event shares all but a path of the state before it,
 * so it costs the same, a few microseconds, whether 10 or 100,000 runs are queued, and a snapshot taken while new
 * events are applied never sees them. The components are declared as plain {@code Map} and {@code List} for
 * readers (the HTTP routes, the CLI, tests); whatever is passed in (a snapshot read back, a test's {@code Map.of})
 * is turned into the persistent form once, in the constructor.
 *
 * @param running     runs in flight by run id, in run id order
 * @param completions ended runs, newest last: those of the last {@link #COMPLETION_RETENTION}, at most
 *                    {@link #MAX_COMPLETIONS}
 * @param lastStarted when each task's most recent run started
 * @param requests    runs asked for and not started yet, by request id, in the order asked
 * @param retries     runs waiting for their next attempt, by run id, in run id order
 * @param approvals   approvals by task, each until its expiry
 * @param denials     denials by task, each until its expiry
 * @param awaiting    tasks waiting for an approval, with the instant their request expires
 * @param stop        present while dispatch is stopped
 * @param durations   observed durations of successful runs, by task
 * @param catalogChanges the changes made to the task catalog at run time (over the API), over the configured one
 * @param lastSucceeded each task's most recent successful run: what the planner needs to know of completions
 *                    (whether a dependency succeeded in this trading cycle), however many other runs ended since
 */
public record SupervisorState(
        Map<String, RunningRecord> running,
        List<Completion> completions,
        Map<String, Instant> lastStarted,
        Map<String, RunRequest> requests,
        Map<String, PendingRetry> retries,
        Map<String, Instant> approvals,
        Map<String, Instant> denials,
        Map<String, Instant> awaiting,
        Optional<DispatchStopped> stop,
        Map<String, DurationStats> durations,
        CatalogChanges catalogChanges,
        Map<String, Completion> lastSucceeded) implements CborSerializable {

    /** Completions older than this (counted from the newest event) are dropped: a trading cycle is at most days. */
    public static final Duration COMPLETION_RETENTION = Duration.ofDays(10);

    /**
     * At most this many completions are kept (the oldest go first), so a desk running thousands of runs a second
     * keeps a state, and snapshots, of bounded size. What planning needs of older ones is in {@code lastSucceeded}.
     */
    public static final int MAX_COMPLETIONS = 10_000;

    /** Weight of the newest duration in each task's moving average. */
    static final double AVERAGE_WEIGHT = PlannerSettings.DEFAULT.averageWeight();

    /** A run in flight: what it reserved, its attempt, and what it was started for. */
    public record RunningRecord(String runId, String task, int attempt, Start.Cause cause, Optional<String> requestId,
                                Map<String, String> parameters, String category, int memoryMb, Instant startedAt)
            implements CborSerializable {
        public RunningRecord {
            parameters = Map.copyOf(parameters);
        }

        /** The same run, on another attempt. */
        RunningRecord withAttempt(int newAttempt) {
            return new RunningRecord(runId, task, newAttempt, cause, requestId, parameters, category, memoryMb,
                    startedAt);
        }

        RunningRun toRunningRun() {
            return new RunningRun(runId, task, category, memoryMb, startedAt);
        }
    }

    public SupervisorState {
        running = sorted(running);
        completions = completions instanceof TreePVector<Completion> v ? v : TreePVector.from(completions);
        lastStarted = hashed(lastStarted);
        requests = requests instanceof OrderedPMap<String, RunRequest> o ? o : OrderedPMap.from(requests);
        retries = sorted(retries);
        approvals = hashed(approvals);
        denials = hashed(denials);
        awaiting = hashed(awaiting);
        durations = hashed(durations);
        catalogChanges = catalogChanges == null ? CatalogChanges.none() : catalogChanges; // older snapshots
        lastSucceeded = lastSucceeded == null ? lastSucceededIn(completions) : hashed(lastSucceeded); // older snapshots
    }

    /** A state whose tasks' last successes are those found in {@code completions}. */
    public SupervisorState(Map<String, RunningRecord> running, List<Completion> completions,
                           Map<String, Instant> lastStarted, Map<String, RunRequest> requests,
                           Map<String, PendingRetry> retries, Map<String, Instant> approvals,
                           Map<String, Instant> denials, Map<String, Instant> awaiting, Optional<DispatchStopped> stop,
                           Map<String, DurationStats> durations, CatalogChanges catalogChanges) {
        this(running, completions, lastStarted, requests, retries, approvals, denials, awaiting, stop, durations,
                catalogChanges, null);
    }

    public static SupervisorState empty() {
        return new SupervisorState(Map.of(), List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Optional.empty(), Map.of(), CatalogChanges.none(), Map.of());
    }

    public boolean stopped() {
        return stop.isPresent();
    }

    /** The state after {@code event}. Pure: no clock, no I/O, nothing but the event and this state. */
    public SupervisorState apply(SupervisorEvent event) {
        if (event instanceof RunQueued e) {
            return withRequests(put(requests, e.requestId(),
                    new RunRequest(e.requestId(), e.task(), e.parameters(), e.at(), e.requestedBy())));
        }
        if (event instanceof RunStarted e) {
            RunningRecord record = new RunningRecord(e.runId(), e.task(), e.attempt(), e.cause(), e.requestId(),
                    e.parameters(), e.category(), e.memoryMb(), e.at());
            Map<String, RunRequest> openRequests = e.requestId().map(id -> remove(requests, id)).orElse(requests);
            return new SupervisorState(put(running, e.runId(), record), completions,
                    put(lastStarted, e.task(), e.at()), openRequests, remove(retries, e.runId()), approvals, denials,
                    remove(awaiting, e.task()), stop, durations, catalogChanges, lastSucceeded);
        }
        if (event instanceof RunSucceeded e) {
            RunningRecord run = running.get(e.runId());
            Instant started = run != null ? run.startedAt() : e.at();
            Duration took = Duration.between(started, e.at());
            DurationStats previous = durations.get(e.task());
            DurationStats stats = previous != null ? previous.observe(took, AVERAGE_WEIGHT) : DurationStats.first(took);
            return ended(e.runId(), e.task(), started, e.at(), true).withDurations(put(durations, e.task(), stats));
        }
        if (event instanceof RunFailed) {
            return this; // the attempt is on record in the journal; RetryScheduled or RunAbandoned says what follows
        }
        if (event instanceof RetryScheduled e) {
            RunningRecord run = running.get(e.runId());
            if (run == null) {
                // After an interruption the run is no longer in flight: it waits, holding nothing, for its attempt.
                return withRetries(put(retries, e.runId(),
                        new PendingRetry(e.runId(), e.task(), e.nextAttempt(), e.notBefore(), Map.of())));
            }
            // The runner retries in place: the run stays in flight, holding what it reserved, until it ends; its
            // record follows the attempt, so an interruption is recorded against the attempt that was running.
            return withRunning(put(running, e.runId(), run.withAttempt(e.nextAttempt())));
        }
        if (event instanceof RunAbandoned e) {
            RunningRecord run = running.get(e.runId());
            Instant started = run != null ? run.startedAt() : e.at();
            return ended(e.runId(), e.task(), started, e.at(), false).withRetries(remove(retries, e.runId()));
        }
        if (event instanceof RunInterrupted e) {
            return withRunning(remove(running, e.runId()));
        }
        if (event instanceof ApprovalRequested e) {
            return new SupervisorState(running, completions, lastStarted, requests, retries, approvals, denials,
                    put(awaiting, e.task(), e.expiresAt()), stop, durations, catalogChanges, lastSucceeded);
        }
        if (event instanceof ApprovalGranted e) {
            return new SupervisorState(running, completions, lastStarted, requests, retries,
                    put(approvals, e.task(), e.expiresAt()), remove(denials, e.task()), remove(awaiting, e.task()),
                    stop, durations, catalogChanges, lastSucceeded);
        }
        if (event instanceof ApprovalDenied e) {
            return new SupervisorState(running, completions, lastStarted, requests, retries,
                    remove(approvals, e.task()), put(denials, e.task(), e.expiresAt()), remove(awaiting, e.task()),
                    stop, durations, catalogChanges, lastSucceeded);
        }
        if (event instanceof DispatchStopped e) {
            return withStop(Optional.of(e));
        }
        if (event instanceof DispatchResumed) {
            return withStop(Optional.empty());
        }
        if (event instanceof TaskDefined || event instanceof TaskRemoved || event instanceof TaskEnabledChanged) {
            return new SupervisorState(running, completions, lastStarted, requests, retries, approvals, denials,
                    awaiting, stop, durations, catalogChanges.apply(event), lastSucceeded);
        }
        throw new IllegalArgumentException("unknown event " + event.getClass().getName());
    }

    /**
     * What the planner sees at {@code now}: approvals and denials still in force, the stop flag, every run, request
     * and retry, and each task's last success (all the planner asks of completions). A task denied until later is
     * left out of the catalog's approvals, and so waits. Costs one pass over what is in flight and waiting; nothing
     * is sorted.
     */
    public PlanningState toPlanningState(TaskCatalog catalog, TimeFrame frame, Resources resources,
                                         PlannerSettings settings, Instant now) {
        return toPlanningState(catalog, frame, resources, settings, now, new PlanningInputs());
    }

    /**
     * The same, reusing from {@code inputs} the planner's copies of what did not change since the previous
     * decision (the last starts and successes, the durations), so the planner's {@link dev.interlude.core.plan.DueIndex}
     * sees the very same objects and keeps what it worked out from them.
     */
    public PlanningState toPlanningState(TaskCatalog catalog, TimeFrame frame, Resources resources,
                                         PlannerSettings settings, Instant now, PlanningInputs inputs) {
        Set<String> approved = new HashSet<>();
        approvals.forEach((task, until) -> {
            Instant deniedUntil = denials.get(task);
            if (until.isAfter(now) && (deniedUntil == null || !deniedUntil.isAfter(now))) {
                approved.add(task);
            }
        });
        List<RunningRun> inFlight = new ArrayList<>(running.size());
        for (RunningRecord run : running.values()) {
            inFlight.add(run.toRunningRun()); // in run id order: the map is sorted
        }
        return PlanningState.initial(catalog, frame, resources, settings)
                .withCompletions(inputs.completions(lastSucceeded))
                .withRunning(inFlight)
                .withLastStarted(inputs.lastStarted(lastStarted))
                .withRequests(new ArrayList<>(requests.values()))
                .withRetries(new ArrayList<>(retries.values()))
                .withApprovals(approved)
                .withStopped(stopped())
                .withDurations(inputs.durations(durations));
    }

    private SupervisorState ended(String runId, String task, Instant started, Instant finished, boolean succeeded) {
        Completion completion = new Completion(task, runId, started, finished, succeeded);
        TreePVector<Completion> kept = ((TreePVector<Completion>) completions).plus(completion);
        Instant horizon = finished.minus(COMPLETION_RETENTION);
        while (!kept.isEmpty() && (kept.size() > MAX_COMPLETIONS || kept.get(0).finishedAt().isBefore(horizon))) {
            kept = kept.minus(0);
        }
        Map<String, Completion> successes = succeeded ? put(lastSucceeded, task, completion) : lastSucceeded;
        return new SupervisorState(remove(running, runId), kept, lastStarted, requests, retries, approvals, denials,
                awaiting, stop, durations, catalogChanges, successes);
    }

    private SupervisorState withRunning(Map<String, RunningRecord> newRunning) {
        return new SupervisorState(newRunning, completions, lastStarted, requests, retries, approvals, denials,
                awaiting, stop, durations, catalogChanges, lastSucceeded);
    }

    private SupervisorState withRequests(Map<String, RunRequest> newRequests) {
        return new SupervisorState(running, completions, lastStarted, newRequests, retries, approvals, denials,
                awaiting, stop, durations, catalogChanges, lastSucceeded);
    }

    private SupervisorState withRetries(Map<String, PendingRetry> newRetries) {
        return new SupervisorState(running, completions, lastStarted, requests, newRetries, approvals, denials,
                awaiting, stop, durations, catalogChanges, lastSucceeded);
    }

    private SupervisorState withDurations(Map<String, DurationStats> newDurations) {
        return new SupervisorState(running, completions, lastStarted, requests, retries, approvals, denials,
                awaiting, stop, newDurations, catalogChanges, lastSucceeded);
    }

    private SupervisorState withStop(Optional<DispatchStopped> newStop) {
        return new SupervisorState(running, completions, lastStarted, requests, retries, approvals, denials,
                awaiting, newStop, durations, catalogChanges, lastSucceeded);
    }

    /**
     * {@code map} with {@code key} set to {@code value}: for the state's persistent maps a new version sharing all
     * but a path with the old; for any other map (the catalog changes, a handful of entries) a copy, in order.
     */
    static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
        if (map instanceof PMap<String, V> persistent) {
            return persistent.plus(key, value);
        }
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    /** {@code map} without {@code key}, the same way as {@link #put} (itself if it has no such key). */
    static <V> Map<String, V> remove(Map<String, V> map, String key) {
        if (map instanceof PMap<String, V> persistent) {
            // get, not containsKey: OrderedPMap answers containsKey by a scan (the state holds no null values)
            return persistent.get(key) == null ? map : persistent.minus(key);
        }
        if (!map.containsKey(key)) {
            return map;
        }
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return copy;
    }

    /** A persistent map in key order (run ids), reusing {@code map} if it is one. */
    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return map instanceof TreePMap<String, V> tree ? tree : TreePMap.from(map);
    }

    /** A persistent hash map, reusing {@code map} if it is one. */
    private static <V> Map<String, V> hashed(Map<String, V> map) {
        return map instanceof HashPMap<String, V> hash ? hash : HashTreePMap.from(map);
    }

    /** Each task's most recent success among {@code completions} (a snapshot written before it was kept). */
    private static Map<String, Completion> lastSucceededIn(List<Completion> completions) {
        Map<String, Completion> last = new LinkedHashMap<>();
        for (Completion c : completions) {
            Completion seen = last.get(c.taskName());
            if (c.succeeded() && (seen == null || !c.finishedAt().isBefore(seen.finishedAt()))) {
                last.put(c.taskName(), c);
            }
        }
        return HashTreePMap.from(last);
    }
}
