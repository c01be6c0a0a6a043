package dev.interlude.engine.handler;

import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.window.ResearchWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a handler knows about the attempt it runs.
 *
 * @param runId           the run's id, the same on every attempt: the idempotency key for the outside world
 * @param task            the task as declared in the catalog (its handler spec, timeout, estimate)
 * @param attempt         1 for the first attempt, 2 for the first retry, ...
 * @param scheduledAt     when the planner decided to start the run
 * @param parameters      the run's parameters (from the trigger or the operator)
 * @param window          the research window the run belongs to, if it runs in one
 * @param remainingBudget what is left of the window's budget when the attempt starts
 * @param cancellation    the signal to stop the attempt
 */
public record TaskContext(
        String runId,
        TaskSpec task,
        int attempt,
        Instant scheduledAt,
        Map<String, String> parameters,
        Optional<ResearchWindow> window,
        Duration remainingBudget,
        Cancellation cancellation) {

    public TaskContext {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(task, "task");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(remainingBudget, "remainingBudget");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    public String taskName() {
        return task.name();
    }

    /** The settings of a Java handler ({@code handler.settings} in the catalog); empty for other handler types. */
    public Map<String, String> handlerSettings() {
        return task.handler() instanceof HandlerSpec.Java java ? java.settings() : Map.of();
    }
}
