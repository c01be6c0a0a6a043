package dev.interlude.core.task;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** A backoff never overflows, whatever the policy and the retry number: it stays within the policy's band. */
class RetryPolicyProperties {

    private static final Instant NOW = Instant.parse("2026-11-21T17:00:00Z");

    @Property(tries = 500)
    void a_backoff_stays_within_max_backoff_and_its_jitter(@ForAll("policies") RetryPolicy policy,
                                                           @ForAll @IntRange(min = 1) int retry,
                                                           @ForAll @DoubleRange(min = -1, max = 1) double draw) {
        Duration backoff = policy.backoff(retry, draw);

        long most = Math.round(policy.maxBackoff().toMillis() * (1.0 + policy.jitter()));
        assertTrue(!backoff.isNegative() && backoff.toMillis() <= most, () -> backoff + " for " + policy);
        assertDoesNotThrow(() -> NOW.plus(backoff));
        assertDoesNotThrow(backoff::toNanos, "fits a timer");
    }

    @Property(tries = 200)
    void later_retries_never_wait_less_before_jitter(@ForAll("policies") RetryPolicy policy,
                                                     @ForAll @IntRange(min = 1, max = 10_000) int retry) {
        assertTrue(policy.backoff(retry + 1, 0.0).compareTo(policy.backoff(retry, 0.0)) >= 0);
    }

    @Example
    void a_policy_outside_what_a_catalog_allows_still_never_overflows() {
        RetryPolicy extreme = new RetryPolicy(Integer.MAX_VALUE, Duration.ofNanos(1), Double.MAX_VALUE,
                Duration.ofDays(365_000), 1.0);
        assertTrue(extreme.backoff(Integer.MAX_VALUE, 1.0).toDays() <= 730_000);
        assertDoesNotThrow(() -> extreme.backoff(3, Double.NaN));
    }

    @Example
    void impossible_policies_are_refused() {
        Duration s = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, s, 2.0, s, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, s, Double.NaN, s, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, s, Double.POSITIVE_INFINITY, s, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, s, 0.5, s, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, s, 2.0, s, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, s.multipliedBy(2), 2.0, s, 0.0));
    }

    @Provide
    Arbitrary<RetryPolicy> policies() {
        Arbitrary<Long> initialMs = Arbitraries.longs().between(1, TaskBounds.MAX_BACKOFF.toMillis());
        Arbitrary<Long> extraMs = Arbitraries.longs().between(0, TaskBounds.MAX_BACKOFF.toMillis());
        return Combinators.combine(Arbitraries.integers().between(1, TaskBounds.MAX_ATTEMPTS), initialMs, extraMs,
                        Arbitraries.doubles().between(1.0, TaskBounds.MAX_MULTIPLIER),
                        Arbitraries.doubles().between(0.0, 1.0))
                .as((attempts, initial, extra, multiplier, jitter) -> new RetryPolicy(attempts,
                        Duration.ofMillis(initial), multiplier,
                        Duration.ofMillis(Math.min(TaskBounds.MAX_BACKOFF.toMillis(), initial + extra)), jitter));
    }
}
