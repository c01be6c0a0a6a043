package dev.interlude.engine;

import java.util.concurrent.ForkJoinPool;

/**
 * The JDK's common fork-join pool, where the callbacks of the stages Pekko returns run.
 *
 * <p>An ask ({@code AskPattern.ask}) and most of Pekko's Java API return Scala's {@code CompletionStage}, and every
 * callback on it ({@code thenApply}, {@code whenComplete}, a {@code pipeToSelf} of it) runs asynchronously on
 * {@code CompletableFuture}'s default executor, the common pool. On a machine with 2 cores the JDK sizes that pool to
 * one thread, and {@code CompletableFuture} then does not use it at all: it starts a new thread for every callback.
 * Measured on the project's 2-core machines: 100,000 answered asks started 100,000 threads (25 s of system CPU in two
 * such runs), and a decision's 1,000 replies took 100 to 180 ms of the supervisor's time instead of under 1.
 *
 * <p>{@link #shareThreads} sizes the pool to at least {@value #AT_LEAST} threads, which makes
 * {@code CompletableFuture} use it. It must run before anything touches the pool: the first line of {@code main}.
 */
public final class CommonPool {

    /** The JDK's system property for the common pool's size, read once when the pool is made. */
    public static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    /** The smallest common pool {@code CompletableFuture} runs its callbacks on (below it, a thread each). */
    public static final int AT_LEAST = 2;

    private CommonPool() {
    }

    /**
     * Sizes the common pool to the cores less one, and at least {@value #AT_LEAST}, unless the JVM was given a size
     * ({@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=N}), which is kept.
     */
    public static void shareThreads() {
        if (System.getProperty(PARALLELISM) == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            System.setProperty(PARALLELISM, Integer.toString(Math.max(AT_LEAST, cores - 1)));
        }
    }

    /** Whether the callbacks of stages run on the common pool's threads rather than a new thread each. */
    public static boolean sharesThreads() {
        return ForkJoinPool.getCommonPoolParallelism() >= AT_LEAST;
    }
}
