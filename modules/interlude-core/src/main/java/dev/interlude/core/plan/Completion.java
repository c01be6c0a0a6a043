package dev.interlude.core.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A run that ended, successfully or not (after its last attempt). */
public record Completion(String taskName, String runId, Instant startedAt, Instant finishedAt, boolean succeeded) {

    public Completion {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    public Duration took() {
        return Duration.between(startedAt, finishedAt);
    }
}
