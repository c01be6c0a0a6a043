package dev.interlude.engine.journal;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.Completion;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.SettableClock;
import dev.interlude.engine.supervisor.Launcher;
import dev.interlude.engine.supervisor.RunOrder;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorEvent.RetryScheduled;
import dev.interlude.engine.supervisor.SupervisorEvent.RunInterrupted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import dev.interlude.engine.supervisor.SupervisorSettings;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's recovery promise on a real JDBC journal: the node dies (its whole ActorSystem goes away) with one
 * completion acknowledged and one run in flight; a new ActorSystem on the same database still has the completion,
 * records the run in flight as interrupted and launches it again, once, with the same run id and attempt 2.
 */
abstract class CrashRecoveryContract {

    /** Wednesday 2026-11-18, 20:00 in New York: an overnight research window. */
    static final Instant EVENING = Instant.parse("2026-11-19T01:00:00Z");

    private static final Logger log = LoggerFactory.getLogger(CrashRecoveryContract.class);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String FINISHES = "backup_databases";
    private static final String IN_FLIGHT = "rebuild_indexes";

    /** The journal under test; called once per test. */
    abstract JournalSettings journal();

    @Test
    void an_acknowledged_completion_survives_a_crash_and_the_run_in_flight_is_retried_with_its_id() throws Exception {
        PersistenceId id = PersistenceId.ofUniqueId("crash-" + UUID.randomUUID());
        SettableClock clock = new SettableClock(EVENING);
        Config config = Journal.config(journal()).withFallback(ManualTime.config()).withFallback(ConfigFactory.load());

        // ---- the first life: two runs start, one finishes, the other is still running when the node dies ----
        RunOrder finished;
        RunOrder running;
        ActorTestKit first = ActorTestKit.create("journal-first", config);
        try {
            Journal.createSchema(first.system()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            TestProbe<RunOrder> launched = first.createTestProbe();
            ActorRef<Supervisor.Command> supervisor = first.spawn(Supervisor.create(setup(id, clock, launched.ref())));
            SupervisorState empty = state(first, supervisor);
            assertTrue(empty.running().isEmpty() && empty.completions().isEmpty(), empty.toString());

            ManualTime.get(first.system()).timePasses(Duration.ofMillis(1)); // the wake-up after recovery
            List<RunOrder> orders = List.of(launched.receiveMessage(WAIT), launched.receiveMessage(WAIT));
            finished = orders.stream().filter(o -> o.task().name().equals(FINISHES)).findFirst().orElseThrow();
            running = orders.stream().filter(o -> o.task().name().equals(IN_FLIGHT)).findFirst().orElseThrow();
            assertEquals(1, running.attempt());

            clock.advance(Duration.ofMinutes(10));
            supervisor.tell(new Supervisor.RunFinished(finished.runId(), 1, "ok"));
            SupervisorState before = state(first, supervisor); // answered only once the completion is written
            assertTrue(completed(before, finished.runId()), before.toString());
            assertTrue(before.running().containsKey(running.runId()), before.toString());
        } finally {
            first.shutdownTestKit(); // the crash: nothing of the first node survives but its database
        }

        // ---- the second life: a new ActorSystem on the same database ----
        clock.advance(Duration.ofMinutes(5));
        Instant restartedAt = clock.instant();
        long bootStarted = System.nanoTime();
        ActorTestKit second = ActorTestKit.create("journal-second", config);
        try {
            Journal.createSchema(second.system()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            TestProbe<RunOrder> relaunched = second.createTestProbe();
            long spawned = System.nanoTime();
            ActorRef<Supervisor.Command> supervisor = second.spawn(Supervisor.create(setup(id, clock, relaunched.ref())));
            SupervisorState recovered = state(second, supervisor);
            long done = System.nanoTime();
            log.info("{}: recovery took {} ms from spawn to the first answer, {} ms from a new ActorSystem",
                    journal().backend().key(), millis(done - spawned), millis(done - bootStarted));
            System.out.printf("%s journal: recovery took %.1f ms from spawn to the first answer, %.1f ms from a new"
                    + " ActorSystem%n", journal().backend().key(), millis(done - spawned), millis(done - bootStarted));

            assertTrue(completed(recovered, finished.runId()), "the acknowledged completion is kept: " + recovered);
            assertTrue(recovered.running().containsKey(running.runId()), recovered.toString());

            ManualTime time = ManualTime.get(second.system());
            time.timePasses(Duration.ofMillis(1)); // records the interruption, then wakes and decides
            RunOrder again = relaunched.receiveMessage(WAIT);
            assertEquals(running.runId(), again.runId());
            assertEquals(2, again.attempt());
            assertEquals(IN_FLIGHT, again.task().name());
            time.expectNoMessageFor(Duration.ofSeconds(60), relaunched); // two safety ticks: launched once only

            SupervisorState after = state(second, supervisor);
            assertEquals(2, after.running().get(running.runId()).attempt(), after.toString());
            assertTrue(completed(after, finished.runId()), after.toString());
            assertNotEquals(finished.runId(), running.runId());

            List<SupervisorEvent> journaled = events(second.system(), id);
            assertTrue(journaled.contains(new RunInterrupted(running.runId(), IN_FLIGHT, 1, restartedAt)),
                    journaled.toString());
            assertTrue(journaled.contains(new RetryScheduled(running.runId(), IN_FLIGHT, 2, restartedAt, restartedAt)),
                    journaled.toString());
            List<RunStarted> starts = journaled.stream().filter(RunStarted.class::isInstance)
                    .map(RunStarted.class::cast).filter(s -> s.runId().equals(running.runId()))
                    .collect(Collectors.toList());
            assertEquals(List.of(1, 2), starts.stream().map(RunStarted::attempt).collect(Collectors.toList()));
        } finally {
            second.shutdownTestKit();
        }
    }

    private static Supervisor.Setup setup(PersistenceId id, SettableClock clock, ActorRef<RunOrder> launched) {
        TaskCatalog catalog = new TaskCatalog(List.of(
                task(FINISHES).phases(Phase.OVERNIGHT, Phase.WEEKEND, Phase.HOLIDAY)
                        .trigger(new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW)).build(),
                task(IN_FLIGHT).phases(Phase.OVERNIGHT, Phase.WEEKEND, Phase.HOLIDAY)
                        .trigger(new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW)).build()));
        Config planner = ConfigFactory.parseString("interlude.planner.memory { source = fixed, fixed-mb = 8192 }")
                .withFallback(ConfigFactory.defaultReference()).resolve();
        return new Supervisor.Setup(id, catalog, new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT),
                PlannerConfig.load(planner), clock, new SupervisorSettings(Duration.ofSeconds(30), 100, 2),
                context -> new Launcher() {
                    @Override
                    public void launch(RunOrder order) {
                        launched.tell(order);
                    }

                    @Override
                    public void cancel(String runId, String reason) {
                        // nothing is cancelled here
                    }
                });
    }

    private static SupervisorState state(ActorTestKit kit, ActorRef<Supervisor.Command> supervisor) {
        TestProbe<SupervisorState> probe = kit.createTestProbe();
        supervisor.tell(new Supervisor.GetState(probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    private static boolean completed(SupervisorState state, String runId) {
        return state.completions().stream().anyMatch(c -> c.runId().equals(runId) && c.succeeded());
    }

    /** What the journal holds for {@code id}, read back through the JDBC read journal. */
    private static List<SupervisorEvent> events(ActorSystem<?> system, PersistenceId id) throws Exception {
        JdbcReadJournal queries = PersistenceQuery.get(Adapter.toClassic(system))
                .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
        List<EventEnvelope> envelopes = queries.currentEventsByPersistenceId(id.id(), 0, Long.MAX_VALUE)
                .runWith(Sink.seq(), system).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return envelopes.stream().map(e -> (SupervisorEvent) e.event()).collect(Collectors.toList());
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
