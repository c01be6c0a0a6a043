package dev.interlude.core.plan;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Why a task is not starting now: one reason, and a sentence for operators naming what it waits for
 * ({@code "waits for reconcile_positions to succeed in this trading cycle"}, {@code "needs 4096 MB, 1024 MB of
 * 8192 MB free"}).
 *
 * <p>The planner explains every task it does not start, on every decision; most decisions are never read by a
 * person. So the sentence is written when it is first asked for, from values the planner captured when it decided.
 * A {@code Blocked} is immutable and safe to share between threads.
 */
public final class Blocked {

    private final String taskName;
    private final BlockReason reason;
    private final Optional<Instant> dueSince;
    private final Supplier<String> explanation;
    private volatile String detail;

    public Blocked(String taskName, BlockReason reason, String detail, Optional<Instant> dueSince) {
        this(taskName, reason, dueSince, null);
        this.detail = detail == null ? "" : detail;
    }

    private Blocked(String taskName, BlockReason reason, Optional<Instant> dueSince, Supplier<String> explanation) {
        this.taskName = Objects.requireNonNull(taskName, "taskName");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.dueSince = Objects.requireNonNull(dueSince, "dueSince");
        this.explanation = explanation;
    }

    /** A blocked task whose sentence is written on first use; {@code explanation} must be pure. */
    static Blocked explainedLater(String taskName, BlockReason reason, Optional<Instant> dueSince,
                                  Supplier<String> explanation) {
        return new Blocked(taskName, reason, dueSince, Objects.requireNonNull(explanation, "explanation"));
    }

    public String taskName() {
        return taskName;
    }

    public BlockReason reason() {
        return reason;
    }

    /** When the task became due; empty for tasks that are not due (or disabled). */
    public Optional<Instant> dueSince() {
        return dueSince;
    }

    public String detail() {
        String d = detail;
        if (d == null) {
            d = explanation.get();
            detail = d;
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blocked b && taskName.equals(b.taskName) && reason == b.reason
                && dueSince.equals(b.dueSince) && detail().equals(b.detail());
    }

    @Override
    public int hashCode() {
        return Objects.hash(taskName, reason, dueSince, detail());
    }

    @Override
    public String toString() {
        return "Blocked[" + taskName + ", " + reason.id() + ", " + detail() + "]";
    }
}
