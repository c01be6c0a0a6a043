package dev.interlude.engine.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hub's batch linger, on virtual time: the events of one linger reach the feed's connections as one batch. */
class StatusHubLingerTest {

    private static final Instant AT = Instant.parse("2026-11-19T01:00:00Z");
    private static final Duration LINGER = Duration.ofMillis(20);

    private static ActorTestKit testKit;
    private static ManualTime manualTime;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("status-hub-linger-test", ManualTime.config().withFallback(ConfigFactory.load()));
        manualTime = ManualTime.get(testKit.system());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static List<Long> sequences(StatusHub.Batch batch) {
        return batch.events().stream().map(StatusEvent::sequence).toList();
    }

    private static void publish(ActorRef<StatusHub.Command> hub, int journalNr) {
        hub.tell(new StatusHub.Publish(StatusUpdate.ofTask(AT, StatusType.RUN_QUEUED, "task" + journalNr,
                Map.of("requested_by", "test")), journalNr));
    }

    @Test
    void events_within_the_linger_travel_as_one_batch_after_it_and_the_next_linger_starts_afresh() {
        ActorRef<StatusHub.Command> hub = testKit.spawn(StatusHub.create(new StatusSettings(100, 5, LINGER),
                testKit.spawn(Topic.create(StatusEvent.class, "status-" + UUID.randomUUID()))));
        TestProbe<StatusHub.Batch> connection = testKit.createTestProbe();
        TestProbe<StatusEvent> board = testKit.createTestProbe();
        hub.tell(new StatusHub.SubscribeBatches(connection.ref(), Optional.empty()));
        hub.tell(new StatusHub.Subscribe(board.ref(), Optional.empty()));

        publish(hub, 1);
        publish(hub, 2);
        assertEquals(1000L, board.receiveMessage().sequence(), "one-by-one subscribers do not wait");
        assertEquals(2000L, board.receiveMessage().sequence());
        connection.expectNoMessage(Duration.ofMillis(100)); // wall clock passes; the hub's virtual time does not
        manualTime.timePasses(LINGER.minusMillis(1));
        connection.expectNoMessage(Duration.ofMillis(50));
        publish(hub, 3);
        board.receiveMessage();
        manualTime.timePasses(Duration.ofMillis(1));
        assertEquals(List.of(1000L, 2000L, 3000L), sequences(connection.receiveMessage()));

        publish(hub, 4);
        board.receiveMessage();
        manualTime.timePasses(LINGER);
        assertEquals(List.of(4000L), sequences(connection.receiveMessage()));
        connection.expectNoMessage(Duration.ofMillis(50));
    }
}
