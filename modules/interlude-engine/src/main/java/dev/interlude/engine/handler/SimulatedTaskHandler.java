package dev.interlude.engine.handler;

import dev.interlude.core.task.HandlerSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContext;

/**
 * For simulations: takes the handler's duration (or the task's estimate) on the actor system's scheduler, so
 * {@code ManualTime} drives it in tests and virtual-time simulations, then fails with the configured probability.
 * The draw is seeded from the run id and the attempt: the same attempt of the same run always ends the same way,
 * while a retry draws again.
 */
public final class SimulatedTaskHandler implements TaskHandler {

    private final HandlerSpec.Simulated spec;
    private final Scheduler scheduler;
    private final ExecutionContext executionContext;

    public SimulatedTaskHandler(HandlerSpec.Simulated spec, Scheduler scheduler, ExecutionContext executionContext) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.executionContext = Objects.requireNonNull(executionContext, "executionContext");
    }

    @Override
    public CompletionStage<TaskResult> run(TaskContext context) {
        CompletableFuture<TaskResult> result = new CompletableFuture<>();
        Duration duration = spec.duration().orElse(context.task().estimatedDuration());
        boolean fails = fails(context.runId(), context.attempt(), spec.failureProbability());
        Cancellable timer = scheduler.scheduleOnce(duration, () -> result.complete(fails
                ? TaskResult.failure("simulated failure (probability " + spec.failureProbability() + ")")
                : TaskResult.success("simulated " + duration)), executionContext);
        context.cancellation().whenCancelled().thenAccept(reason -> {
            timer.cancel();
            result.complete(TaskResult.cancelled(reason));
        });
        return result;
    }

    /** The deterministic draw: true if attempt {@code attempt} of run {@code runId} fails. */
    static boolean fails(String runId, int attempt, double failureProbability) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed(runId, attempt));
        return random.nextDouble() < failureProbability;
    }

    /** FNV-1a over the run id's UTF-8 bytes, then the attempt mixed in. */
    private static long seed(String runId, int attempt) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : runId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash * 31 + attempt;
    }
}
