package dev.interlude.engine.supervisor;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.SettableClock;
import dev.interlude.engine.handler.TaskResult;
import dev.interlude.engine.runner.RunnerLauncher;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunSucceeded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand runs ending at the same instant: every outcome is journaled, none is dropped. The supervisor stashes
 * what it receives while a journal write is in flight, and its stash holds 4,096 messages; runners report to its
 * outbox, which hands the outcomes over in batches, one batch per journal write.
 */
class OutcomeBurstTest {

    /** Wednesday 2026-11-18, 20:00 in New York: an overnight research window. */
    private static final Instant EVENING = Instant.parse("2026-11-19T01:00:00Z");
    private static final int RUNS = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        Config config = PersistenceTestKitPlugin.getInstance().config()
                .withFallback(PersistenceTestKitSnapshotPlugin.config())
                .withFallback(ConfigFactory.load());
        testKit = ActorTestKit.create("outcome-burst", config);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void ten_thousand_runs_ending_at_once_are_all_journaled_as_succeeded() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            tasks.add(task(String.format("burst_%05d", i)).phases(Phase.OVERNIGHT).memoryMb(0)
                    .trigger(new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW)).build());
        }
        Config planner = ConfigFactory.parseString("interlude.planner { max-concurrent-runs = " + RUNS
                        + ", memory { source = fixed, fixed-mb = 8192 } }")
                .withFallback(ConfigFactory.defaultReference()).resolve();
        // Every run's handler waits for the same signal, so all of them end together.
        CompletableFuture<TaskResult> release = new CompletableFuture<>();
        AtomicInteger handlersCalled = new AtomicInteger();
        PersistenceId id = PersistenceId.ofUniqueId("burst-" + UUID.randomUUID());
        SettableClock clock = new SettableClock(EVENING);
        Supervisor.Setup setup = new Supervisor.Setup(id, new TaskCatalog(tasks),
                new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT), PlannerConfig.load(planner), clock,
                new SupervisorSettings(Duration.ofSeconds(30), 1_000_000, 2),
                context -> new RunnerLauncher(context, spec -> run -> {
                    handlersCalled.incrementAndGet();
                    return release;
                }, clock));
        long began = System.nanoTime();
        ActorRef<Supervisor.Command> supervisor = testKit.spawn(Supervisor.create(setup));
        TestProbe<SupervisorState> probe = testKit.createTestProbe();

        probe.awaitAssert(WAIT, Duration.ofMillis(200), () -> {
            assertEquals(RUNS, handlersCalled.get(), "every run started");
            return null;
        });
        SupervisorState running = state(supervisor, probe);
        assertEquals(RUNS, running.running().size());

        long allStarted = System.nanoTime();
        release.complete(TaskResult.success("ok"));

        probe.awaitAssert(WAIT, Duration.ofMillis(250), () -> {
            SupervisorState state = state(supervisor, probe);
            assertTrue(state.running().isEmpty(), state.running().size() + " run(s) still in flight");
            return null;
        });
        long allEnded = System.nanoTime();
        System.out.printf("[outcome burst] %d runs started in %d ms, all journaled as ended %d ms after they ended%n",
                RUNS, (allStarted - began) / 1_000_000, (allEnded - allStarted) / 1_000_000);
        List<Object> journal = PersistenceTestKit.create(testKit.system()).persistedInStorage(id.id());
        Set<String> started = journal.stream().filter(RunStarted.class::isInstance).map(e -> ((RunStarted) e).runId())
                .collect(Collectors.toSet());
        List<String> succeeded = journal.stream().filter(RunSucceeded.class::isInstance)
                .map(e -> ((RunSucceeded) e).runId()).collect(Collectors.toList());
        assertEquals(RUNS, started.size());
        assertEquals(RUNS, succeeded.size(), "one success on record per run, none dropped, none twice");
        assertEquals(started, Set.copyOf(succeeded));
        assertEquals(RUNS, state(supervisor, probe).completions().size());
    }

    private static SupervisorState state(ActorRef<Supervisor.Command> supervisor, TestProbe<SupervisorState> probe) {
        supervisor.tell(new Supervisor.GetState(probe.getRef()));
        return probe.receiveMessage(WAIT);
    }
}
