package dev.interlude.core.task;

import com.cronutils.model.time.ExecutionTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed cron expression: cron-utils' execution time (the source of truth) and, when the expression is in the plain
 * subset {@link FastCron} handles, its compiled form, which answers the same next-match question much faster.
 *
 * @param executionTime cron-utils' evaluator for the expression
 * @param compiled      the compiled form, or empty if the expression falls back to cron-utils
 */
record CronSchedule(ExecutionTime executionTime, Optional<FastCron> compiled) {

    CronSchedule {
        Objects.requireNonNull(executionTime, "executionTime");
        Objects.requireNonNull(compiled, "compiled");
    }

    /**
     * The next wall-clock match strictly after {@code wallClock} (a local date-time evaluated as if in a zone without
     * daylight saving time), or empty if the expression never matches again.
     */
    Optional<LocalDateTime> nextAfter(LocalDateTime wallClock) {
        if (compiled.isPresent()) {
            return compiled.get().nextAfter(wallClock);
        }
        return viaCronUtils(wallClock);
    }

    /** The same answer as {@link #nextAfter}, always computed by cron-utils. */
    Optional<LocalDateTime> viaCronUtils(LocalDateTime wallClock) {
        return executionTime.nextExecution(wallClock.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }
}
