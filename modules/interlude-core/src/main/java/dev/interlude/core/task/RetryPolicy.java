package dev.interlude.core.task;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failed run is tried again: at most {@code maxAttempts} attempts in all (1 means no retry), the n-th retry
 * waiting {@code initialBackoff * multiplier^(n-1)}, capped at {@code maxBackoff}, spread by +/- {@code jitter}
 * (a fraction from 0 to 1).
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff, double jitter) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(3, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(10), 0.2);
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1), 0.0);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry), before jitter. {@code jitterDraw} in
     * [-1, 1] picks where in the jitter band the wait falls, so callers own their randomness and tests stay exact.
     */
    public Duration backoff(int retry, double jitterDraw) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
        }
        double base = initialBackoff.toMillis() * Math.pow(multiplier, retry - 1);
        double capped = Math.min(base, maxBackoff.toMillis());
        double clampedDraw = Math.max(-1.0, Math.min(1.0, jitterDraw));
        double withJitter = capped * (1.0 + jitter * clampedDraw);
        return Duration.ofMillis(Math.max(0L, Math.round(withJitter)));
    }

    /** True if an attempt numbered {@code attempt} (1-based) that failed may be followed by another. */
    public boolean allowsRetryAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
