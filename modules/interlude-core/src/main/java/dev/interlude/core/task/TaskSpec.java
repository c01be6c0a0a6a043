package dev.interlude.core.task;

import dev.interlude.core.window.Phase;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One task of the catalog, as declared in {@code tasks.conf} and checked by {@link CatalogLoader}.
 *
 * @param phases            the phases it may start in (modes in the catalog are expanded to their phases)
 * @param memoryMb          memory it needs while it runs, reserved against the memory budget
 * @param estimatedDuration the declared estimate; observed durations take over once there are some
 * @param timeout           a run taking longer is stopped and counts as a failed attempt
 * @param confidence        how much the desk trusts the task's output, 0..1
 * @param extendable        may start (and run on) even when its estimate does not fit the remaining budget
 * @param opportunistic     runs only on what is left once every other ready task is placed
 * @param deadline          optional local time (exchange zone) by which a run should have finished; nearer
 *                          deadlines go first among equal priorities
 */
public record TaskSpec(
        String name,
        String description,
        String category,
        Priority priority,
        Set<Phase> phases,
        Trigger trigger,
        List<String> dependencies,
        Set<String> conflicts,
        int memoryMb,
        Duration estimatedDuration,
        Duration timeout,
        RetryPolicy retry,
        Risk risk,
        double confidence,
        boolean requiresApproval,
        boolean extendable,
        boolean opportunistic,
        int maxConcurrentRuns,
        HandlerSpec handler,
        List<Branch> branches,
        boolean enabled,
        Optional<LocalTime> deadline) {

    public TaskSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        category = category == null ? "general" : category;
        Objects.requireNonNull(priority, "priority");
        phases = phases.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(phases));
        Objects.requireNonNull(trigger, "trigger");
        dependencies = List.copyOf(dependencies);
        conflicts = Set.copyOf(conflicts);
        Objects.requireNonNull(estimatedDuration, "estimatedDuration");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(handler, "handler");
        branches = List.copyOf(branches);
        Objects.requireNonNull(deadline, "deadline");
    }

    /** This spec with {@code conflicts} instead of its own. */
    public TaskSpec withConflicts(Set<String> conflicts) {
        return new TaskSpec(name, description, category, priority, phases, trigger, dependencies, conflicts, memoryMb,
                estimatedDuration, timeout, retry, risk, confidence, requiresApproval, extendable, opportunistic,
                maxConcurrentRuns, handler, branches, enabled, deadline);
    }

    /** True if a run may start while the clock is in {@code phase}. */
    public boolean allowedIn(Phase phase) {
        return phases.contains(phase);
    }
}
