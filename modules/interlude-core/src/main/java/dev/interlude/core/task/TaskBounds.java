package dev.interlude.core.task;

import java.time.Duration;

/**
 * The ranges the catalog's numbers, durations and sizes must fall in, in {@code task-defaults} and in every task
 * ({@link CatalogLoader} reports a value outside them by its path: {@code tasks.x.estimated-duration: must be at
 * most 7d, got 99999999999d}). They are what a desk can mean, and small enough that nothing computed from them
 * overflows: a backoff is at most {@link #MAX_BACKOFF} whatever the multiplier and the attempt, a timeout is at
 * most {@link #MAX_TASK_DURATION}, and the memory of every run in flight fits an int.
 */
public final class TaskBounds {

    /** The longest a task may be expected to run, or be allowed to run before its timeout stops it. */
    public static final Duration MAX_TASK_DURATION = Duration.ofDays(7);
    /** The longest wait before a retry, {@code initial-backoff} and {@code max-backoff} alike. */
    public static final Duration MAX_BACKOFF = Duration.ofDays(1);
    /** An interval trigger fires at most once a second, and at least once a year. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_INTERVAL = Duration.ofDays(366);
    /** Attempts of one run, the first included. */
    public static final int MAX_ATTEMPTS = 100;
    /** The retry backoff's growth per attempt, and the default timeout's multiple of the estimate. */
    public static final double MAX_MULTIPLIER = 10.0;
    /** A run's memory, and a command's memory limit: 1 TiB. */
    public static final int MAX_MEMORY_MB = 1_048_576;
    /** Runs of one task in flight at once (the planner's own limits have the same ceiling). */
    public static final int MAX_CONCURRENT_RUNS = 100_000;

    private TaskBounds() {
    }
}
