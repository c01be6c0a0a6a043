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
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, got " + maxAttempts);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number of at least 1, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be from 0 to 1, got " + jitter);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= initial-backoff <= max-backoff, got "
                    + initialBackoff + " and " + maxBackoff);
        }
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry), before jitter. {@code jitterDraw} in
     * [-1, 1] picks where in the jitter band the wait falls, so callers own their randomness and tests stay exact.
     * Never overflows: the growth is computed in floating point and capped at {@code maxBackoff} before it becomes a
     * duration, so any retry number and any multiplier give at most {@code maxBackoff * (1 + jitter)}.
     */
    public Duration backoff(int retry, double jitterDraw) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
        }
        double maxMillis = millis(maxBackoff);
        double base = millis(initialBackoff) * Math.pow(multiplier, retry - 1.0);
        double capped = Double.isNaN(base) || base > maxMillis ? maxMillis : base;
        double clampedDraw = Double.isNaN(jitterDraw) ? 0.0 : Math.max(-1.0, Math.min(1.0, jitterDraw));
        double withJitter = capped * (1.0 + jitter * clampedDraw);
        return Duration.ofMillis(Math.max(0L, Math.round(withJitter)));
    }

    /** A duration's milliseconds as a double, which {@link Duration#toMillis()} may not fit in a long. */
    private static double millis(Duration d) {
        return d.getSeconds() * 1000.0 + d.getNano() / 1_000_000.0;
    }

    /** True if an attempt numbered {@code attempt} (1-based) that failed may be followed by another. */
    public boolean allowsRetryAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
