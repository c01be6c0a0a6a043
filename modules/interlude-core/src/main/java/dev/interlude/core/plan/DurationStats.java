package dev.interlude.core.plan;

import java.time.Duration;
import java.util.Objects;

/**
 * What Interlude has seen of a task's durations: an exponential moving average of successful runs and how many
 * runs fed it.
 */
public record DurationStats(Duration average, int samples) {

    public DurationStats {
        Objects.requireNonNull(average, "average");
        if (samples < 0) {
            throw new IllegalArgumentException("samples must not be negative");
        }
    }

    public static DurationStats first(Duration observed) {
        return new DurationStats(observed, 1);
    }

    /** The average after one more observation, weighted by {@code alpha} (0 < alpha <= 1). */
    public DurationStats observe(Duration observed, double alpha) {
        if (samples == 0) {
            return first(observed);
        }
        double next = alpha * observed.toMillis() + (1.0 - alpha) * average.toMillis();
        return new DurationStats(Duration.ofMillis(Math.round(next)), samples + 1);
    }
}
