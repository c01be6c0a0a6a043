package dev.interlude.core.task;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A trigger's answer at one instant: due since a fire time, or not due (with the next fire time when it has one).
 * At most one of the two is present: a due task has no "next fire" of interest until it runs again.
 *
 * @param since    the fire time since which the task has been due, if it is due
 * @param nextFire when a task that is not due will next be due on its own, if the trigger knows
 */
public record Due(Optional<Instant> since, Optional<Instant> nextFire) {

    private static final Due NEVER = new Due(Optional.empty(), Optional.empty());

    public Due {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(nextFire, "nextFire");
        if (since.isPresent() && nextFire.isPresent()) {
            throw new IllegalArgumentException("a task due since " + since.get() + " has no next fire time");
        }
    }

    /** Due since {@code fire}. */
    public static Due since(Instant fire) {
        return new Due(Optional.of(fire), Optional.empty());
    }

    /** Not due; due on its own at {@code nextFire}. */
    public static Due notBefore(Instant nextFire) {
        return new Due(Optional.empty(), Optional.of(nextFire));
    }

    /** Not due, and no fire time of its own ahead (manual, once-per-window, or a cron that never fires again). */
    public static Due never() {
        return NEVER;
    }

    /** Whether the task is due. */
    public boolean isDue() {
        return since.isPresent();
    }
}
