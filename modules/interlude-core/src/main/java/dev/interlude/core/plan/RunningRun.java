package dev.interlude.core.plan;

import java.time.Instant;
import java.util.Objects;

/** A run in flight, with the memory it reserved and the category it counts against. */
public record RunningRun(String runId, String taskName, String category, int memoryMb, Instant startedAt) {

    public RunningRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
