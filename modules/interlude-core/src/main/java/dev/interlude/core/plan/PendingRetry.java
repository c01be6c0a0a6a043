package dev.interlude.core.plan;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A run whose attempt failed and that will be tried again, with the same run id, once {@code notBefore} has passed.
 * {@code nextAttempt} is the number of the attempt to come (2 for the first retry).
 */
public record PendingRetry(String runId, String taskName, int nextAttempt, Instant notBefore,
                           Map<String, String> parameters) {

    public PendingRetry {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(notBefore, "notBefore");
        parameters = Map.copyOf(parameters);
    }
}
