package dev.interlude.core.plan;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a task is not starting now: one reason, and a sentence for operators naming what it waits for
 * ({@code "waits for reconcile_positions"}, {@code "needs 4096 MB, 1024 MB free"}).
 */
public record Blocked(String taskName, BlockReason reason, String detail, Optional<Instant> dueSince) {

    public Blocked {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(dueSince, "dueSince");
    }
}
