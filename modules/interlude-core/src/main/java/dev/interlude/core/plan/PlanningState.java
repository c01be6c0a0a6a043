package dev.interlude.core.plan;

import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TimeFrame;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the planner looks at, as one immutable snapshot. The supervisor keeps it up to date from its journal;
 * the CLI builds one from the catalog for "what would start at this instant".
 *
 * @param catalog      the task catalog
 * @param frame        the phase, research window and trading cycle of the planning instant
 * @param completions  runs that ended in the current trading cycle (older ones may be left out)
 * @param running      runs in flight
 * @param lastStarted  when each task's most recent run started, across cycles
 * @param requests     runs asked for by operators or branches, not yet started
 * @param retries      failed runs waiting for their next attempt
 * @param approvals    tasks approved to run in the current trading cycle
 * @param stopped      true while dispatch is stopped (the emergency stop): nothing new starts
 * @param durations    observed durations per task
 * @param resources    memory and concurrency limits
 * @param settings     ordering and estimation settings
 * @param unavailable  tasks whose endpoint is unavailable now (an open circuit breaker), with why
 * @param dueIndex     what earlier decisions worked out, to be used again (a cache: the plan is the same without)
 */
public record PlanningState(
        TaskCatalog catalog,
        TimeFrame frame,
        List<Completion> completions,
        List<RunningRun> running,
        Map<String, Instant> lastStarted,
        List<RunRequest> requests,
        List<PendingRetry> retries,
        Set<String> approvals,
        boolean stopped,
        Map<String, DurationStats> durations,
        Resources resources,
        PlannerSettings settings,
        Map<String, String> unavailable,
        Optional<DueIndex> dueIndex) {

    public PlanningState {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(frame, "frame");
        completions = List.copyOf(completions);
        running = List.copyOf(running);
        lastStarted = Map.copyOf(lastStarted);
        requests = List.copyOf(requests);
        retries = List.copyOf(retries);
        approvals = Set.copyOf(approvals);
        durations = Map.copyOf(durations);
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(settings, "settings");
        unavailable = Map.copyOf(unavailable);
        Objects.requireNonNull(dueIndex, "dueIndex");
    }

    /** A state without a {@link DueIndex}: every decision asks every trigger. */
    public PlanningState(TaskCatalog catalog, TimeFrame frame, List<Completion> completions, List<RunningRun> running,
                         Map<String, Instant> lastStarted, List<RunRequest> requests, List<PendingRetry> retries,
                         Set<String> approvals, boolean stopped, Map<String, DurationStats> durations,
                         Resources resources, PlannerSettings settings, Map<String, String> unavailable) {
        this(catalog, frame, completions, running, lastStarted, requests, retries, approvals, stopped, durations,
                resources, settings, unavailable, Optional.empty());
    }

    /** A state with nothing run, running, requested or approved yet: what a fresh node would plan. */
    public static PlanningState initial(TaskCatalog catalog, TimeFrame frame, Resources resources, PlannerSettings settings) {
        return new PlanningState(catalog, frame, List.of(), List.of(), Map.of(), List.of(), List.of(), Set.of(), false,
                Map.of(), resources, settings, Map.of());
    }

    public PlanningState withCatalog(TaskCatalog newCatalog) {
        return new PlanningState(newCatalog, frame, completions, running, lastStarted, requests, retries, approvals,
                stopped, durations, resources, settings, unavailable, dueIndex);
    }

    public PlanningState withFrame(TimeFrame newFrame) {
        return new PlanningState(catalog, newFrame, completions, running, lastStarted, requests, retries, approvals,
                stopped, durations, resources, settings, unavailable, dueIndex);
    }

    public PlanningState withCompletions(List<Completion> newCompletions) {
        return new PlanningState(catalog, frame, newCompletions, running, lastStarted, requests, retries, approvals,
                stopped, durations, resources, settings, unavailable, dueIndex);
    }

    public PlanningState withRunning(List<RunningRun> newRunning) {
        return new PlanningState(catalog, frame, completions, newRunning, lastStarted, requests, retries, approvals,
                stopped, durations, resources, settings, unavailable, dueIndex);
    }

    public PlanningState withLastStarted(Map<String, Instant> newLastStarted) {
        return new PlanningState(catalog, frame, completions, running, newLastStarted, requests, retries, approvals,
                stopped, durations, resources, settings, unavailable, dueIndex);
    }

    public PlanningState withRequests(List<RunRequest> newRequests) {
        return new PlanningState(catalog, frame, completions, running, lastStarted, newRequests, retries, approvals,
                stopped, durations, resources, settings, unavailable, dueIndex);
    }

    public PlanningState withRetries(List<PendingRetry> newRetries) {
        return new PlanningState(catalog, frame, completions, running, lastStarted, requests, newRetries, approvals,
                stopped, durations, resources, settings, unavailable, dueIndex);
    }

    public PlanningState withApprovals(Set<String> newApprovals) {
        return new PlanningState(catalog, frame, completions, running, lastStarted, requests, retries, newApprovals,
                stopped, durations, resources, settings, unavailable, dueIndex);
    }

    public PlanningState withStopped(boolean newStopped) {
        return new PlanningState(catalog, frame, completions, running, lastStarted, requests, retries, approvals,
                newStopped, durations, resources, settings, unavailable, dueIndex);
    }

    public PlanningState withDurations(Map<String, DurationStats> newDurations) {
        return new PlanningState(catalog, frame, completions, running, lastStarted, requests, retries, approvals,
                stopped, newDurations, resources, settings, unavailable, dueIndex);
    }

    public PlanningState withResources(Resources newResources) {
        return new PlanningState(catalog, frame, completions, running, lastStarted, requests, retries, approvals,
                stopped, durations, newResources, settings, unavailable, dueIndex);
    }

    public PlanningState withSettings(PlannerSettings newSettings) {
        return new PlanningState(catalog, frame, completions, running, lastStarted, requests, retries, approvals,
                stopped, durations, resources, newSettings, unavailable, dueIndex);
    }

    public PlanningState withUnavailable(Map<String, String> newUnavailable) {
        return new PlanningState(catalog, frame, completions, running, lastStarted, requests, retries, approvals,
                stopped, durations, resources, settings, newUnavailable, dueIndex);
    }

    /**
     * This state with {@code index} to remember trigger answers and lookups between decisions: the supervisor keeps
     * one {@link DueIndex} and hands it in every time it plans.
     */
    public PlanningState withDueIndex(DueIndex index) {
        return new PlanningState(catalog, frame, completions, running, lastStarted, requests, retries, approvals,
                stopped, durations, resources, settings, unavailable, Optional.of(index));
    }
}
