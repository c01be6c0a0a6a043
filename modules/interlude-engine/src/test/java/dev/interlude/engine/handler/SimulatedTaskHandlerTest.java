package dev.interlude.engine.handler;

import static dev.interlude.engine.handler.Contexts.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.TaskSpecBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedTaskHandlerTest {

    private static ActorTestKit testKit;
    private static ManualTime manualTime;
    private static Handlers handlers;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
        manualTime = ManualTime.get(testKit.system());
        handlers = Handlers.create(testKit.system(), HandlerRegistry.empty());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static TaskSpec task(HandlerSpec.Simulated spec, Duration estimate) {
        return TaskSpecBuilder.task("simulated_backtest").estimate(estimate).handler(spec).build();
    }

    private static CompletableFuture<TaskResult> start(HandlerSpec.Simulated spec, Duration estimate, String runId) {
        return handlers.handlerFor(spec).run(context(runId, task(spec, estimate))).toCompletableFuture();
    }

    @Test
    void completes_only_when_the_schedulers_time_passes_the_tasks_estimate() throws Exception {
        CompletableFuture<TaskResult> result = start(new HandlerSpec.Simulated(Optional.empty(), 0.0),
                Duration.ofMinutes(45), "run-sim-1");

        manualTime.timePasses(Duration.ofMinutes(44).plusSeconds(59));
        assertFalse(result.isDone());
        manualTime.timePasses(Duration.ofSeconds(1));

        assertTrue(result.get(5, TimeUnit.SECONDS).success());
    }

    @Test
    void the_handlers_own_duration_wins_over_the_estimate() throws Exception {
        CompletableFuture<TaskResult> result = start(new HandlerSpec.Simulated(Optional.of(Duration.ofMinutes(2)),
                0.0), Duration.ofHours(3), "run-sim-2");

        manualTime.timePasses(Duration.ofMinutes(2));

        assertTrue(result.get(5, TimeUnit.SECONDS).success());
    }

    @Test
    void failure_probability_1_always_fails_and_0_never_does() throws Exception {
        HandlerSpec.Simulated failing = new HandlerSpec.Simulated(Optional.of(Duration.ofSeconds(1)), 1.0);
        HandlerSpec.Simulated healthy = new HandlerSpec.Simulated(Optional.of(Duration.ofSeconds(1)), 0.0);
        var failures = IntStream.range(0, 20).mapToObj(i -> start(failing, Duration.ZERO, "run-f" + i)).toList();
        var successes = IntStream.range(0, 20).mapToObj(i -> start(healthy, Duration.ZERO, "run-s" + i)).toList();

        manualTime.timePasses(Duration.ofSeconds(1));

        for (CompletableFuture<TaskResult> result : failures) {
            TaskResult outcome = result.get(5, TimeUnit.SECONDS);
            assertFalse(outcome.success());
            assertEquals(Optional.of("simulated failure (probability 1.0)"), outcome.error());
        }
        for (CompletableFuture<TaskResult> result : successes) {
            assertTrue(result.get(5, TimeUnit.SECONDS).success());
        }
    }

    @Test
    void the_same_run_and_attempt_always_ends_the_same_way() throws Exception {
        HandlerSpec.Simulated coin = new HandlerSpec.Simulated(Optional.of(Duration.ofSeconds(1)), 0.5);
        List<String> runIds = IntStream.range(0, 40).mapToObj(i -> "run-coin-" + i).toList();
        var firsts = runIds.stream().map(runId -> start(coin, Duration.ZERO, runId)).toList();
        var seconds = runIds.stream().map(runId -> start(coin, Duration.ZERO, runId)).toList();

        manualTime.timePasses(Duration.ofSeconds(1));

        int failed = 0;
        for (int i = 0; i < runIds.size(); i++) {
            String runId = runIds.get(i);
            boolean firstOk = firsts.get(i).get(5, TimeUnit.SECONDS).success();
            assertEquals(firstOk, seconds.get(i).get(5, TimeUnit.SECONDS).success(), runId);
            assertEquals(!firstOk, SimulatedTaskHandler.fails(runId, 1, 0.5), runId);
            failed += firstOk ? 0 : 1;
        }
        assertTrue(failed > 5 && failed < 35, "a fair coin failed " + failed + " of 40");
        assertTrue(runIds.stream().anyMatch(runId -> SimulatedTaskHandler.fails(runId, 1, 0.5)
                != SimulatedTaskHandler.fails(runId, 2, 0.5)), "a retry draws again");
    }

    @Test
    void cancellation_ends_the_attempt_without_waiting_for_the_duration() throws Exception {
        HandlerSpec.Simulated spec = new HandlerSpec.Simulated(Optional.empty(), 0.0);
        Cancellation cancellation = Cancellation.create();
        CompletableFuture<TaskResult> result = handlers.handlerFor(spec)
                .run(context("run-sim-c", task(spec, Duration.ofHours(2)), Map.of(), cancellation))
                .toCompletableFuture();

        cancellation.cancel("budget exhausted");
        TaskResult outcome = result.get(5, TimeUnit.SECONDS);
        manualTime.timePasses(Duration.ofHours(2));

        assertTrue(outcome.cancelled());
        assertEquals(Optional.of("cancelled: budget exhausted"), outcome.error());
    }
}
