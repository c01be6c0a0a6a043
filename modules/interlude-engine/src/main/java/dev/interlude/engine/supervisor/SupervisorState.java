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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the supervisor knows, rebuilt from its journal: runs in flight, recent completions, when each task last
 * started, requests and retries waiting, approvals and denials, the stop state, observed durations, and the changes
 * made to the task catalog at run time. Immutable; {@link #apply} is the pure event handler.
 *
 * @param running     runs in flight by run id
 * @param completions ended runs, newest last, kept for {@link #COMPLETION_RETENTION}
 * @param lastStarted when each task's most recent run started
 * @param requests    runs asked for and not started yet, by request id, in the order asked
 * @param retries     runs waiting for their next attempt, by run id
 * @param approvals   approvals by task, each until its expiry
 * @param denials     denials by task, each until its expiry
 * @param awaiting    tasks waiting for an approval, with the instant their request expires
 * @param stop        present while dispatch is stopped
 * @param durations   observed durations of successful runs, by task
 * @param catalogChanges the changes made to the task catalog at run time (over the API), over the configured one
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
        CatalogChanges catalogChanges) implements CborSerializable {

    /** Completions older than this (counted from the newest event) are dropped: a trading cycle is at most days. */
    public static final Duration COMPLETION_RETENTION = Duration.ofDays(10);

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
        running = Map.copyOf(running);
        completions = List.copyOf(completions);
        lastStarted = Map.copyOf(lastStarted);
        requests = immutableInOrder(requests);
        retries = Map.copyOf(retries);
        approvals = Map.copyOf(approvals);
        denials = Map.copyOf(denials);
        awaiting = Map.copyOf(awaiting);
        durations = Map.copyOf(durations);
        catalogChanges = catalogChanges == null ? CatalogChanges.none() : catalogChanges; // older snapshots
    }

    public static SupervisorState empty() {
        return new SupervisorState(Map.of(), List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Optional.empty(), Map.of(), CatalogChanges.none());
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
                    remove(awaiting, e.task()), stop, durations, catalogChanges);
        }
        if (event instanceof RunSucceeded e) {
            RunningRecord run = running.get(e.runId());
            Instant started = run != null ? run.startedAt() : e.at();
            Duration took = Duration.between(started, e.at());
            DurationStats stats = durations.containsKey(e.task())
                    ? durations.get(e.task()).observe(took, AVERAGE_WEIGHT) : DurationStats.first(took);
            return ended(e.runId(), e.task(), started, e.at(), true).withDurations(put(durations, e.task(), stats));
        }
        if (event instanceof RunFailed) {
            return this; // the attempt is on record in the journal; RetryScheduled or RunAbandoned says what follows
        }
        if (event instanceof RetryScheduled e) {
            RunningRecord run = running.get(e.runId());
            Map<String, String> parameters = run != null ? run.parameters() : Map.of();
            if (run == null) {
                // After an interruption the run is no longer in flight: it waits, holding nothing, for its attempt.
                return withRetries(put(retries, e.runId(),
                        new PendingRetry(e.runId(), e.task(), e.nextAttempt(), e.notBefore(), parameters)));
            }
            // The runner retries in place: the run stays in flight, holding what it reserved, until it ends; its
            // record follows the attempt, so an interruption is recorded against the attempt that was running.
            RunningRecord next = new RunningRecord(run.runId(), run.task(), e.nextAttempt(), run.cause(),
                    run.requestId(), run.parameters(), run.category(), run.memoryMb(), run.startedAt());
            return new SupervisorState(put(running, e.runId(), next), completions, lastStarted, requests, retries,
                    approvals, denials, awaiting, stop, durations, catalogChanges);
        }
        if (event instanceof RunAbandoned e) {
            RunningRecord run = running.get(e.runId());
            Instant started = run != null ? run.startedAt() : e.at();
            return ended(e.runId(), e.task(), started, e.at(), false).withRetries(remove(retries, e.runId()));
        }
        if (event instanceof RunInterrupted e) {
            return new SupervisorState(remove(running, e.runId()), completions, lastStarted, requests, retries,
                    approvals, denials, awaiting, stop, durations, catalogChanges);
        }
        if (event instanceof ApprovalRequested e) {
            return new SupervisorState(running, completions, lastStarted, requests, retries, approvals, denials,
                    put(awaiting, e.task(), e.expiresAt()), stop, durations, catalogChanges);
        }
        if (event instanceof ApprovalGranted e) {
            return new SupervisorState(running, completions, lastStarted, requests, retries,
                    put(approvals, e.task(), e.expiresAt()), remove(denials, e.task()), remove(awaiting, e.task()),
                    stop, durations, catalogChanges);
        }
        if (event instanceof ApprovalDenied e) {
            return new SupervisorState(running, completions, lastStarted, requests, retries,
                    remove(approvals, e.task()), put(denials, e.task(), e.expiresAt()), remove(awaiting, e.task()),
                    stop, durations, catalogChanges);
        }
        if (event instanceof DispatchStopped e) {
            return new SupervisorState(running, completions, lastStarted, requests, retries, approvals, denials,
                    awaiting, Optional.of(e), durations, catalogChanges);
        }
        if (event instanceof DispatchResumed) {
            return new SupervisorState(running, completions, lastStarted, requests, retries, approvals, denials,
                    awaiting, Optional.empty(), durations, catalogChanges);
        }
        if (event instanceof TaskDefined || event instanceof TaskRemoved || event instanceof TaskEnabledChanged) {
            return new SupervisorState(running, completions, lastStarted, requests, retries, approvals, denials,
                    awaiting, stop, durations, catalogChanges.apply(event));
        }
        throw new IllegalArgumentException("unknown event " + event.getClass().getName());
    }

    /**
     * What the planner sees at {@code now}: approvals and denials still in force, the stop flag, and every run,
     * request and retry. A task denied until later is left out of the catalog's approvals, and so waits.
     */
    public PlanningState toPlanningState(TaskCatalog catalog, TimeFrame frame, Resources resources,
                                         PlannerSettings settings, Instant now) {
        Set<String> approved = approvals.entrySet().stream()
                .filter(a -> a.getValue().isAfter(now))
                .filter(a -> !denials.containsKey(a.getKey()) || !denials.get(a.getKey()).isAfter(now))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        List<RunningRun> inFlight = running.values().stream()
                .map(RunningRecord::toRunningRun)
                .sorted((a, b) -> a.runId().compareTo(b.runId()))
                .collect(Collectors.toList());
        List<PendingRetry> waiting = new ArrayList<>(new TreeMap<>(retries).values());
        return PlanningState.initial(catalog, frame, resources, settings)
                .withCompletions(completions)
                .withRunning(inFlight)
                .withLastStarted(lastStarted)
                .withRequests(new ArrayList<>(requests.values()))
                .withRetries(waiting)
                .withApprovals(approved)
                .withStopped(stopped())
                .withDurations(durations);
    }

    private SupervisorState ended(String runId, String task, Instant started, Instant finished, boolean succeeded) {
        List<Completion> kept = new ArrayList<>();
        Instant horizon = finished.minus(COMPLETION_RETENTION);
        for (Completion c : completions) {
            if (!c.finishedAt().isBefore(horizon)) {
                kept.add(c);
            }
        }
        kept.add(new Completion(task, runId, started, finished, succeeded));
        return new SupervisorState(remove(running, runId), kept, lastStarted, requests, retries, approvals, denials,
                awaiting, stop, durations, catalogChanges);
    }

    private SupervisorState withRequests(Map<String, RunRequest> newRequests) {
        return new SupervisorState(running, completions, lastStarted, newRequests, retries, approvals, denials,
                awaiting, stop, durations, catalogChanges);
    }

    private SupervisorState withRetries(Map<String, PendingRetry> newRetries) {
        return new SupervisorState(running, completions, lastStarted, requests, newRetries, approvals, denials,
                awaiting, stop, durations, catalogChanges);
    }

    private SupervisorState withDurations(Map<String, DurationStats> newDurations) {
        return new SupervisorState(running, completions, lastStarted, requests, retries, approvals, denials,
                awaiting, stop, newDurations, catalogChanges);
    }

    /** {@code map} with {@code key} set to {@code value}: a copy, in order. */
    static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    /** {@code map} without {@code key}: a copy, in order (itself if it has no such key). */
    static <V> Map<String, V> remove(Map<String, V> map, String key) {
        if (!map.containsKey(key)) {
            return map;
        }
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return copy;
    }

    /** Requests keep the order they were asked in. */
    private static <V> Map<String, V> immutableInOrder(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
