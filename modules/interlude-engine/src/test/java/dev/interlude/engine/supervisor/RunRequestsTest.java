package dev.interlude.engine.supervisor;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.SettableClock;
import dev.interlude.engine.supervisor.SupervisorEvent.RunQueued;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.ProcessingPolicy;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess$;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operators' requests go through the supervisor's intake: thousands asked at once are journaled in a few writes,
 * each answered with its own request id once written; one that a failed write may not have taken is answered so.
 */
class RunRequestsTest {

    /** Wednesday 2026-11-18, 20:00 in New York: an overnight research window, in which the task may not run. */
    private static final Instant EVENING = Instant.parse("2026-11-19T01:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ActorTestKit testKit;
    private static PersistenceTestKit journal;

    @BeforeAll
    static void start() {
        Config config = PersistenceTestKitPlugin.getInstance().config()
                .withFallback(PersistenceTestKitSnapshotPlugin.config())
                .withFallback(ConfigFactory.load());
        testKit = ActorTestKit.create("run-requests", config);
        journal = PersistenceTestKit.create(testKit.system());
    }

    @AfterEach
    void defaultPolicy() {
        journal.resetPolicy();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static ActorRef<Supervisor.Command> supervisor(PersistenceId id) {
        TaskCatalog catalog = new TaskCatalog(List.of(
                task("refresh_quotes").phases(Phase.MARKET_HOURS).trigger(new Trigger.Manual()).build(),
                task("archive").enabled(false).trigger(new Trigger.Manual()).build()));
        Config planner = ConfigFactory.parseString("interlude.planner.memory { source = fixed, fixed-mb = 8192 }")
                .withFallback(ConfigFactory.defaultReference()).resolve();
        SupervisorSettings settings = new SupervisorSettings(Duration.ofSeconds(30), 1_000_000, 2)
                .withJournalBackoff(new SupervisorSettings.JournalBackoff(Duration.ofMillis(50),
                        Duration.ofMillis(100), 0.0));
        Supervisor.Setup setup = new Supervisor.Setup(id, catalog,
                new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT), PlannerConfig.load(planner),
                new SettableClock(EVENING), settings, context -> new Launcher() {
                    @Override
                    public void launch(RunOrder order) {
                        throw new AssertionError("nothing may start in the overnight window: " + order);
                    }

                    @Override
                    public void cancel(String runId, String reason) {
                    }
                });
        return testKit.spawn(Supervisor.create(setup));
    }

    /** Counts the journal writes that carry run requests. */
    private static final class CountingWrites implements ProcessingPolicy<JournalOperation> {
        final AtomicInteger writesOfRequests = new AtomicInteger();

        @Override
        public ProcessingResult tryProcess(String persistenceId, JournalOperation operation) {
            if (operation instanceof WriteEvents w && w.batch().exists(e -> e instanceof RunQueued)) {
                writesOfRequests.incrementAndGet();
            }
            return ProcessingSuccess$.MODULE$;
        }
    }

    @Test
    void three_thousand_requests_at_once_are_journaled_in_a_few_writes_each_answered_with_its_id() {
        CountingWrites writes = new CountingWrites();
        journal.withPolicy(writes);
        PersistenceId id = PersistenceId.ofUniqueId("requests-" + UUID.randomUUID());
        ActorRef<Supervisor.Command> supervisor = supervisor(id);
        TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
        int asked = 3_000;
        for (int i = 0; i < asked; i++) {
            supervisor.tell(new Supervisor.RequestRun("refresh_quotes", Map.of("n", Integer.toString(i)), "bench",
                    replies.getRef()));
        }
        supervisor.tell(new Supervisor.RequestRun("reconcile", Map.of(), "bench", replies.getRef()));
        supervisor.tell(new Supervisor.RequestRun("archive", Map.of(), "bench", replies.getRef()));
        Set<String> ids = new HashSet<>();
        List<String> refusals = new java.util.ArrayList<>();
        for (int i = 0; i < asked + 2; i++) {
            StatusReply<String> reply = replies.receiveMessage(WAIT);
            if (reply.isSuccess()) {
                ids.add(reply.getValue());
            } else {
                refusals.add(reply.getError().getMessage());
            }
        }
        assertEquals(asked, ids.size(), "every request answered with an id of its own");
        assertEquals(Set.of("unknown task \"reconcile\"", "task \"archive\" is disabled"), Set.copyOf(refusals));
        List<Object> events = journal.persistedInStorage(id.id());
        Set<String> journaled = new HashSet<>();
        events.stream().filter(RunQueued.class::isInstance).forEach(e -> journaled.add(((RunQueued) e).requestId()));
        assertEquals(ids, journaled, "each id answered is a RunQueued on record");
        // The first request may go alone; the rest wait behind it and go in batches of at most 1,000.
        assertTrue(writes.writesOfRequests.get() <= 1 + asked / RunRequests.MAX_BATCH + 1,
                writes.writesOfRequests.get() + " writes for " + asked + " requests");

        TestProbe<SupervisorState> state = testKit.createTestProbe();
        supervisor.tell(new Supervisor.GetState(state.getRef()));
        List<String> order = state.receiveMessage(WAIT).requests().values().stream()
                .map(r -> r.parameters().get("n")).toList();
        for (int i = 0; i < asked; i++) {
            assertEquals(Integer.toString(i), order.get(i), "queued in the order asked");
        }
    }

    @Test
    void a_request_in_a_failed_write_is_answered_that_it_may_not_be_queued_and_the_next_is_taken() {
        PersistenceId id = PersistenceId.ofUniqueId("requests-" + UUID.randomUUID());
        ActorRef<Supervisor.Command> supervisor = supervisor(id);
        TestProbe<SupervisorState> state = testKit.createTestProbe();
        supervisor.tell(new Supervisor.GetState(state.getRef()));
        state.receiveMessage(WAIT); // recovered and running
        journal.failNextPersisted(id.id());
        TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
        supervisor.tell(new Supervisor.RequestRun("refresh_quotes", Map.of(), "ops", replies.getRef()));
        StatusReply<String> failed = replies.receiveMessage(WAIT);
        assertTrue(failed.isError());
        assertEquals(RunRequests.NOT_ACKNOWLEDGED, failed.getError().getMessage());

        supervisor.tell(new Supervisor.RequestRun("refresh_quotes", Map.of(), "ops", replies.getRef()));
        StatusReply<String> taken = replies.receiveMessage(WAIT);
        assertTrue(taken.isSuccess(), taken.toString());
        supervisor.tell(new Supervisor.GetState(state.getRef()));
        assertEquals(List.of(taken.getValue()), List.copyOf(state.receiveMessage(WAIT).requests().keySet()));
    }
}
