package dev.interlude.core.plan;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A run asked for outside the task's trigger: by an operator, or by a branch of another task's outcome. It makes
 * the task due from {@code requestedAt}, whatever its trigger says.
 */
public record RunRequest(String requestId, String taskName, Map<String, String> parameters, Instant requestedAt, String requestedBy) {

    public RunRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(taskName, "taskName");
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(requestedAt, "requestedAt");
        requestedBy = requestedBy == null ? "" : requestedBy;
    }
}
