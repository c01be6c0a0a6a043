package dev.interlude.engine.runner;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.task.RetryPolicy;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.engine.SettableClock;
import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskHandler;
import dev.interlude.engine.handler.TaskResult;
import dev.interlude.engine.supervisor.RunOrder;
import dev.interlude.engine.supervisor.Supervisor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One run, its attempts, its retries on the task's policy, its timeout and its cancellation, on virtual time. */
class TaskRunnerTest {

    private static final Instant START = Instant.parse("2026-11-19T01:00:00Z");
    private static ActorTestKit testKit;
    private static ManualTime manualTime;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("runner-test", ManualTime.config().withFallback(ConfigFactory.load()));
        manualTime = ManualTime.get(testKit.system());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** A handler whose attempts the test completes, one future per attempt, in order. */
    private static final class ScriptedHandler implements TaskHandler {
        final BlockingQueue<TaskContext> calls = new LinkedBlockingQueue<>();
        final BlockingQueue<CompletableFuture<TaskResult>> results = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<TaskResult> run(TaskContext context) {
            CompletableFuture<TaskResult> result = new CompletableFuture<>();
            context.cancellation().whenCancelled().thenAccept(why -> result.complete(TaskResult.cancelled(why)));
            calls.add(context);
            results.add(result);
            return result;
        }

        TaskContext nextCall() throws InterruptedException {
            TaskContext call = calls.poll(5, TimeUnit.SECONDS);
            if (call == null) {
                throw new AssertionError("the handler was not called");
            }
            return call;
        }

        CompletableFuture<TaskResult> nextResult() throws InterruptedException {
            return results.poll(5, TimeUnit.SECONDS);
        }
    }

    private final SettableClock clock = new SettableClock(START);
    private final ScriptedHandler handler = new ScriptedHandler();
    private final TestProbe<Supervisor.RunReport> supervisor = testKit.createTestProbe();
    /** The runner's start gate; the runs of these tests are due at once, except those decided ahead below. */
    private final ActorRef<StartGate.Command> gate = testKit.spawn(StartGate.create(clock));

    private ActorRef<TaskRunner.Command> run(TaskSpec spec, int attempt) {
        RunOrder order = new RunOrder("run-1", spec, attempt, Map.of("date", "2026-11-18"), START, Optional.empty(),
                Duration.ofHours(10), supervisor.getRef());
        return testKit.spawn(TaskRunner.create(order, handler, clock, gate));
    }

    private static TaskSpec spec(int maxAttempts) {
        return task("refresh_eod_data").timeout(Duration.ofMinutes(30))
                .retry(new RetryPolicy(maxAttempts, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(10), 0.0)).build();
    }

    @Test
    void a_successful_attempt_is_reported_with_its_result() throws Exception {
        run(spec(3), 1);
        TaskContext call = handler.nextCall();
        assertEquals("run-1", call.runId());
        assertEquals(1, call.attempt());
        assertEquals(Map.of("date", "2026-11-18"), call.parameters());
        handler.nextResult().complete(TaskResult.success("rows=1200"));
        assertEquals(new Supervisor.RunFinished("run-1", 1, "rows=1200"), supervisor.receiveMessage());
    }

    @Test
    void a_failed_attempt_is_reported_with_its_retry_instant_and_retried_after_the_backoff() throws Exception {
        run(spec(3), 1);
        handler.nextCall();
        handler.nextResult().complete(TaskResult.failure("exit code 1"));
        assertEquals(new Supervisor.AttemptFailed("run-1", 1, "exit code 1", Optional.of(START.plusSeconds(30))),
                supervisor.receiveMessage());

        manualTime.timePasses(Duration.ofSeconds(29));
        assertTrue(handler.calls.isEmpty(), "not before the backoff");
        manualTime.timePasses(Duration.ofSeconds(1));
        assertEquals(2, handler.nextCall().attempt());
        handler.nextResult().complete(TaskResult.success("ok"));
        assertEquals(new Supervisor.RunFinished("run-1", 2, "ok"), supervisor.receiveMessage());
    }

    @Test
    void the_last_allowed_attempt_failing_gives_up_with_no_retry_instant() throws Exception {
        run(spec(2), 1);
        handler.nextCall();
        handler.nextResult().complete(TaskResult.failure("exit code 1"));
        supervisor.receiveMessage();
        manualTime.timePasses(Duration.ofSeconds(30));
        handler.nextCall();
        handler.nextResult().complete(TaskResult.failure("exit code 2"));
        assertEquals(new Supervisor.AttemptFailed("run-1", 2, "exit code 2", Optional.empty()),
                supervisor.receiveMessage());
    }

    @Test
    void a_run_retried_after_an_interruption_continues_from_its_attempt() throws Exception {
        run(spec(3), 3);
        assertEquals(3, handler.nextCall().attempt());
        handler.nextResult().complete(TaskResult.failure("exit code 1"));
        assertEquals(new Supervisor.AttemptFailed("run-1", 3, "exit code 1", Optional.empty()),
                supervisor.receiveMessage());
    }

    @Test
    void the_timeout_cancels_the_attempt_and_counts_as_a_failure() throws Exception {
        run(spec(1), 1);
        TaskContext call = handler.nextCall();
        manualTime.timePasses(Duration.ofMinutes(30));
        Supervisor.AttemptFailed failed = supervisor.expectMessageClass(Supervisor.AttemptFailed.class);
        assertEquals("timed out after 30m", failed.error());
        assertTrue(call.cancellation().isCancelled());
    }

    @Test
    void cancelling_stops_the_attempt_in_flight_and_allows_no_retry() throws Exception {
        ActorRef<TaskRunner.Command> runner = run(spec(3), 1);
        handler.nextCall();
        runner.tell(new TaskRunner.Cancel("dispatch stopped"));
        assertEquals(new Supervisor.AttemptFailed("run-1", 1, "cancelled: dispatch stopped", Optional.empty()),
                supervisor.receiveMessage());
        manualTime.timePasses(Duration.ofMinutes(5));
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void a_runner_stopped_with_its_supervisor_cancels_the_work_in_flight() throws Exception {
        ActorRef<TaskRunner.Command> runner = run(spec(3), 1);
        TaskContext call = handler.nextCall();
        testKit.stop(runner); // as when its supervisor stops: the node shuts down, or the supervisor moves
        assertEquals("the run's supervisor stopped", call.cancellation().whenCancelled().toCompletableFuture()
                .get(5, TimeUnit.SECONDS));
    }

        @Test
    void cancelling_during_a_backoff_gives_up_at_once() throws Exception {
        ActorRef<TaskRunner.Command> runner = run(spec(3), 1);
        handler.nextCall();
        handler.nextResult().complete(TaskResult.failure("exit code 1"));
        supervisor.receiveMessage();
        runner.tell(new TaskRunner.Cancel("dispatch stopped"));
        assertEquals(new Supervisor.AttemptFailed("run-1", 1, "cancelled: dispatch stopped", Optional.empty()),
                supervisor.receiveMessage());
        manualTime.timePasses(Duration.ofMinutes(5));
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void a_handler_that_throws_fails_its_attempt() throws Exception {
        TaskHandler throwing = context -> {
            throw new IllegalStateException("no connection");
        };
        RunOrder order = new RunOrder("run-2", spec(1), 1, Map.of(), START, Optional.empty(), Duration.ZERO,
                supervisor.getRef());
        testKit.spawn(TaskRunner.create(order, throwing, clock, gate));
        assertEquals(new Supervisor.AttemptFailed("run-2", 1, "IllegalStateException: no connection", Optional.empty()),
                supervisor.receiveMessage());
    }

    @Test
    void an_extendable_task_in_a_research_window_may_run_as_long_as_the_budget_lasts() throws Exception {
        TaskSpec research = task("run_nightly_research").timeout(Duration.ofHours(4)).extendable(true)
                .retry(RetryPolicy.NONE).build();
        dev.interlude.core.window.ResearchWindow window = new dev.interlude.core.window.ResearchWindow(
                java.time.ZonedDateTime.parse("2026-11-18T18:00-05:00[America/New_York]"),
                java.time.ZonedDateTime.parse("2026-11-19T08:00-05:00[America/New_York]"),
                dev.interlude.core.window.BudgetType.OVERNIGHT);
        RunOrder order = new RunOrder("run-3", research, 1, Map.of(), START, Optional.of(window), Duration.ofHours(10),
                supervisor.getRef());
        testKit.spawn(TaskRunner.create(order, handler, clock, gate));
        TaskContext call = handler.nextCall();
        manualTime.timePasses(Duration.ofHours(5));
        assertTrue(!call.cancellation().isCancelled(), "past its 4 h timeout, within the 10 h budget");
        manualTime.timePasses(Duration.ofHours(5));
        assertEquals("timed out after 10h", supervisor.expectMessageClass(Supervisor.AttemptFailed.class).error());
    }

    // ---- runs decided ahead of their due instant (the supervisor's start lead) ----

    private ActorRef<TaskRunner.Command> runAhead(String runId, Instant due, ActorRef<StartGate.Command> gate,
                                                  ScriptedHandler handler) {
        RunOrder order = new RunOrder(runId, spec(1), 1, Map.of(), due, Optional.empty(), Duration.ofHours(10),
                supervisor.getRef());
        return testKit.spawn(TaskRunner.create(order, handler, clock, gate));
    }

    private void awaitWaiting(ActorRef<StartGate.Command> gate, Map<Instant, Integer> expected) {
        TestProbe<Map<Instant, Integer>> answers = testKit.createTestProbe();
        answers.awaitAssert(() -> {
            gate.tell(new StartGate.GetWaiting(answers.getRef()));
            assertEquals(expected, answers.receiveMessage());
            return null;
        });
    }

    @Test
    void a_run_decided_ahead_begins_its_handler_at_its_due_instant_not_before() throws Exception {
        ActorRef<StartGate.Command> gate = testKit.spawn(StartGate.create(clock));
        Instant due = START.plusMillis(250);
        runAhead("run-1", due, gate, handler);
        awaitWaiting(gate, Map.of(due, 1));

        manualTime.timePasses(Duration.ofMillis(249));
        assertTrue(handler.calls.isEmpty(), "not before its due instant");
        manualTime.timePasses(Duration.ofMillis(1));
        TaskContext call = handler.nextCall();
        assertEquals(due, call.scheduledAt());
        handler.nextResult().complete(TaskResult.success("ok"));
        assertEquals(new Supervisor.RunFinished("run-1", 1, "ok"), supervisor.receiveMessage());
        awaitWaiting(gate, Map.of());
    }

    @Test
    void the_runs_due_at_one_instant_wait_on_one_timer_and_all_begin_then() throws Exception {
        ActorRef<StartGate.Command> gate = testKit.spawn(StartGate.create(clock));
        Instant due = START.plusMillis(100);
        Instant later = START.plusMillis(300);
        for (int i = 0; i < 50; i++) {
            runAhead("run-" + i, due, gate, handler);
        }
        ScriptedHandler laterHandler = new ScriptedHandler();
        runAhead("run-later", later, gate, laterHandler);
        awaitWaiting(gate, Map.of(due, 50, later, 1));

        manualTime.timePasses(Duration.ofMillis(100));
        for (int i = 0; i < 50; i++) {
            assertEquals(due, handler.nextCall().scheduledAt());
        }
        awaitWaiting(gate, Map.of(later, 1));
        assertTrue(laterHandler.calls.isEmpty(), "a run due later still waits");
        manualTime.timePasses(Duration.ofMillis(200));
        assertEquals("run-later", laterHandler.nextCall().runId());
    }

    @Test
    void a_run_cancelled_before_its_due_instant_never_calls_its_handler() throws Exception {
        ActorRef<StartGate.Command> gate = testKit.spawn(StartGate.create(clock));
        Instant due = START.plusMillis(250);
        ActorRef<TaskRunner.Command> runner = runAhead("run-1", due, gate, handler);
        awaitWaiting(gate, Map.of(due, 1));

        runner.tell(new TaskRunner.Cancel("dispatch stopped: drill"));
        assertEquals(new Supervisor.AttemptFailed("run-1", 1, "cancelled: dispatch stopped: drill", Optional.empty()),
                supervisor.receiveMessage());
        manualTime.timePasses(Duration.ofMillis(250));
        awaitWaiting(gate, Map.of());
        assertTrue(handler.calls.isEmpty(), "the handler of a cancelled run is not called");
    }

    @Test
    void a_run_handed_over_after_its_due_instant_begins_at_once() throws Exception {
        ActorRef<StartGate.Command> gate = testKit.spawn(StartGate.create(clock));
        clock.advance(Duration.ofSeconds(1));
        runAhead("run-1", START.plusMillis(250), gate, handler);
        assertEquals("run-1", handler.nextCall().runId());
    }
}
