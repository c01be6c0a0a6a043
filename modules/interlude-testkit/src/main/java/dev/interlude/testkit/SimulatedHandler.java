package dev.interlude.testkit;

import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskHandler;
import dev.interlude.engine.handler.TaskResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContext;

/**
 * What stands in for every task's handler in a simulation: it takes the task's time on the simulation's scheduler
 * and then succeeds or fails. The time is the {@code simulated} handler's duration if the catalog gives one, or
 * else the task's estimate, varied by up to {@code durationSpread} either way; the failure chance is the
 * {@code simulated} handler's, or else the simulation's failure rate. Every draw is seeded by the simulation's seed,
 * the run id and the attempt: the same simulation draws the same, a retry draws again.
 */
final class SimulatedHandler implements TaskHandler {

    private final Duration duration;
    private final double failureProbability;
    private final double durationSpread;
    private final long seed;
    private final Scheduler scheduler;
    private final ExecutionContext executionContext;

    SimulatedHandler(TaskSpec task, SimulationSettings settings, Scheduler scheduler,
                     ExecutionContext executionContext) {
        if (task.handler() instanceof HandlerSpec.Simulated simulated) {
            this.duration = simulated.duration().orElse(task.estimatedDuration());
            this.failureProbability = simulated.failureProbability();
        } else {
            this.duration = task.estimatedDuration();
            this.failureProbability = settings.failureRate();
        }
        this.durationSpread = settings.durationSpread();
        this.seed = settings.seed();
        this.scheduler = scheduler;
        this.executionContext = executionContext;
    }

    @Override
    public CompletionStage<TaskResult> run(TaskContext context) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom")
                .create(seed(seed, context.runId(), context.attempt()));
        boolean fails = random.nextDouble() < failureProbability;
        double factor = 1 + durationSpread * (2 * random.nextDouble() - 1);
        Duration took = Duration.ofMillis(Math.max(1, Math.round(duration.toMillis() * factor)));
        CompletableFuture<TaskResult> result = new CompletableFuture<>();
        Cancellable timer = scheduler.scheduleOnce(took, () -> result.complete(fails
                ? TaskResult.failure("simulated failure (probability " + failureProbability + ")")
                : TaskResult.success("simulated " + took)), executionContext);
        context.cancellation().whenCancelled().thenAccept(reason -> {
            timer.cancel();
            result.complete(TaskResult.cancelled(reason));
        });
        return result;
    }

    /** FNV-1a over the run id's UTF-8 bytes, with the simulation's seed and the attempt mixed in. */
    static long seed(long simulationSeed, String runId, int attempt) {
        long hash = 0xcbf29ce484222325L ^ simulationSeed;
        for (byte b : runId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash * 31 + attempt;
    }
}
