package dev.interlude.core.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A decision to start a run of {@code taskName} now.
 *
 * @param cause      why the task is due: its trigger, a request, or a retry
 * @param runId      present for a retry (the run keeps its id, which handlers use as an idempotency key); the
 *                   engine assigns ids to new runs
 * @param requestId  present when the run answers a {@link RunRequest}
 * @param attempt    1 for a new run, n for the n-th attempt of a retried one
 * @param estimate   the duration the planner budgeted for it
 * @param dueSince   when the task became due
 */
public record Start(String taskName, Cause cause, Optional<String> runId, Optional<String> requestId, int attempt,
                    Map<String, String> parameters, Duration estimate, Instant dueSince) {

    public enum Cause { TRIGGER, REQUEST, RETRY }

    public Start {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(requestId, "requestId");
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(estimate, "estimate");
        Objects.requireNonNull(dueSince, "dueSince");
    }
}
