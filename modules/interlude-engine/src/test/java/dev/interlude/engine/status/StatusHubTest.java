package dev.interlude.engine.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.plan.Start;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status hub on one actor system (no cluster provider: a Pekko topic also works locally, through the local
 * receptionist). Each test uses its own topic name, so hubs of different tests do not hear each other; two hubs on the
 * same topic stand for the hubs of two nodes.
 */
class StatusHubTest {

    private static final Instant AT = Instant.parse("2026-11-19T01:00:00Z");
    private static final Duration QUIET = Duration.ofMillis(200);

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("status-hub-test", ConfigFactory.load());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static ActorRef<Topic.Command<StatusEvent>> topic(String name) {
        return testKit.spawn(Topic.create(StatusEvent.class, name));
    }

    private static ActorRef<StatusHub.Command> hub(int buffer) {
        return hub(buffer, topic("status-" + UUID.randomUUID()));
    }

    private static ActorRef<StatusHub.Command> hub(int buffer, ActorRef<Topic.Command<StatusEvent>> topic) {
        return testKit.spawn(StatusHub.create(new StatusSettings(buffer, 5), topic));
    }

    private static StatusUpdate update(String task) {
        return StatusUpdate.ofTask(AT, StatusType.RUN_QUEUED, task, Map.of("requested_by", "test"));
    }

    private static StatusUpdate phase(String phase) {
        return StatusUpdate.of(AT, StatusType.PHASE_CHANGED, Map.of("phase", phase));
    }

    /** Publishes the journaled events numbered {@code from} to {@code to}. */
    private static void publishJournaled(ActorRef<StatusHub.Command> hub, int from, int to) {
        for (int n = from; n <= to; n++) {
            hub.tell(new StatusHub.Publish(update("task" + n), n));
        }
    }

    private static List<Long> receive(TestProbe<StatusEvent> probe, int n) {
        return probe.receiveSeveralMessages(n).stream().map(StatusEvent::sequence).collect(Collectors.toList());
    }

    @Test
    void two_subscribers_receive_every_event_once_in_order_numbered_from_the_journal() {
        ActorRef<StatusHub.Command> hub = hub(100);
        TestProbe<StatusEvent> board = testKit.createTestProbe();
        TestProbe<StatusEvent> browser = testKit.createTestProbe();
        hub.tell(new StatusHub.Subscribe(board.ref(), Optional.empty()));
        hub.tell(new StatusHub.Subscribe(browser.ref(), Optional.empty()));

        RunStarted started = new RunStarted("backup-1", "backup", 1, Start.Cause.TRIGGER, Optional.empty(),
                Map.of(), "maintenance", 512, Duration.ofMinutes(10), AT);
        hub.tell(StatusHub.Publish.of(started, 1));
        hub.tell(new StatusHub.PublishAfter(phase("overnight"), 1));
        hub.tell(new StatusHub.PublishAfter(phase("pre_market"), 1));
        hub.tell(new StatusHub.Publish(update("send_alerts"), 2));

        for (TestProbe<StatusEvent> probe : List.of(board, browser)) {
            List<StatusEvent> events = probe.receiveSeveralMessages(4);
            assertEquals(List.of(1000L, 1001L, 1002L, 2000L),
                    events.stream().map(StatusEvent::sequence).collect(Collectors.toList()));
            StatusEvent first = events.get(0);
            assertEquals("run_started", first.type());
            assertEquals(Optional.of("backup-1"), first.runId());
            assertEquals(OptionalInt.of(1), first.attempt());
            assertEquals(AT, first.at());
            assertEquals(List.of("phase_changed", "phase_changed", "run_queued"),
                    events.subList(1, 4).stream().map(StatusEvent::type).collect(Collectors.toList()));
        }
        // the topic echoes the hub's own publications back to it: they are not handed out twice
        board.expectNoMessage(QUIET);
        browser.expectNoMessage(Duration.ZERO);
    }

    @Test
    void a_subscriber_resuming_after_a_sequence_gets_the_buffered_tail_then_live_events_without_duplicates() {
        ActorRef<StatusHub.Command> hub = hub(100);
        publishJournaled(hub, 1, 5);
        hub.tell(new StatusHub.PublishAfter(phase("overnight"), 5));

        TestProbe<StatusEvent> client = testKit.createTestProbe();
        hub.tell(new StatusHub.Subscribe(client.ref(), Optional.of(3000L)));
        assertEquals(List.of(4000L, 5000L, 5001L), receive(client, 3));

        hub.tell(new StatusHub.PublishAfter(phase("pre_market"), 5));
        publishJournaled(hub, 6, 7);
        assertEquals(List.of(5002L, 6000L, 7000L), receive(client, 3));
        client.expectNoMessage(QUIET);
    }

    @Test
    void resuming_after_the_newest_event_gets_only_live_events_and_after_zero_gets_the_whole_buffer() {
        ActorRef<StatusHub.Command> hub = hub(100);
        publishJournaled(hub, 1, 3);
        TestProbe<StatusEvent> upToDate = testKit.createTestProbe();
        TestProbe<StatusEvent> fromStart = testKit.createTestProbe();
        hub.tell(new StatusHub.Subscribe(upToDate.ref(), Optional.of(3000L)));
        hub.tell(new StatusHub.Subscribe(fromStart.ref(), Optional.of(0L)));
        publishJournaled(hub, 4, 4);
        assertEquals(List.of(4000L), receive(upToDate, 1));
        assertEquals(List.of(1000L, 2000L, 3000L, 4000L), receive(fromStart, 4));
    }

    @Test
    void the_buffer_keeps_only_the_latest_events() {
        ActorRef<StatusHub.Command> hub = hub(3);
        publishJournaled(hub, 1, 5);
        TestProbe<StatusHub.Recent> recent = testKit.createTestProbe();
        hub.tell(new StatusHub.GetRecent(recent.ref()));
        StatusHub.Recent answer = recent.receiveMessage();
        assertEquals(List.of(3000L, 4000L, 5000L),
                answer.events().stream().map(StatusEvent::sequence).collect(Collectors.toList()));
        assertEquals(5000L, answer.highest());

        // a client that last saw 1000: 2000 is gone, the rest follows in order
        TestProbe<StatusEvent> late = testKit.createTestProbe();
        hub.tell(new StatusHub.Subscribe(late.ref(), Optional.of(1000L)));
        assertEquals(List.of(3000L, 4000L, 5000L), receive(late, 3));
        late.expectNoMessage(QUIET);
    }

    @Test
    void a_subscriber_ahead_of_this_hub_gets_nothing_replayed_and_every_new_event() {
        ActorRef<StatusHub.Command> hub = hub(100);
        publishJournaled(hub, 1, 2);
        TestProbe<StatusEvent> client = testKit.createTestProbe();
        hub.tell(new StatusHub.Subscribe(client.ref(), Optional.of(9000L)));
        client.expectNoMessage(QUIET);
        publishJournaled(hub, 3, 3);
        assertEquals(List.of(3000L), receive(client, 1));
    }

    @Test
    void subscribing_again_replaces_the_subscription_and_unsubscribing_ends_it() {
        ActorRef<StatusHub.Command> hub = hub(100);
        TestProbe<StatusEvent> client = testKit.createTestProbe();
        TestProbe<StatusEvent> other = testKit.createTestProbe();
        hub.tell(new StatusHub.Subscribe(client.ref(), Optional.empty()));
        hub.tell(new StatusHub.Subscribe(other.ref(), Optional.empty()));
        publishJournaled(hub, 1, 1);
        hub.tell(new StatusHub.Subscribe(client.ref(), Optional.of(1000L)));
        publishJournaled(hub, 2, 2);
        assertEquals(List.of(1000L, 2000L), receive(client, 2));

        hub.tell(new StatusHub.Unsubscribe(client.ref()));
        publishJournaled(hub, 3, 3);
        assertEquals(List.of(1000L, 2000L, 3000L), receive(other, 3));
        client.expectNoMessage(QUIET);
        assertEquals(1, subscriberCount(hub));
    }

    @Test
    void a_batch_subscriber_gets_the_same_events_once_in_order_in_batches_whenever_it_subscribes() {
        ActorRef<StatusHub.Command> hub = hub(1000);
        TestProbe<StatusEvent> one = testKit.createTestProbe();
        hub.tell(new StatusHub.Subscribe(one.ref(), Optional.empty()));
        TestProbe<StatusHub.Batch> fanOut = testKit.createTestProbe();
        // a burst, a subscription in the middle of it (whatever the hub has still to hand over then), the rest
        publishJournaled(hub, 1, 300);
        hub.tell(new StatusHub.SubscribeBatches(fanOut.ref(), Optional.of(0L)));
        publishJournaled(hub, 301, 600);

        List<Long> expected = LongStream.rangeClosed(1, 600).map(n -> n * 1000).boxed().toList();
        assertEquals(expected, receive(one, 600));
        List<Long> batched = new ArrayList<>();
        while (batched.size() < expected.size()) {
            StatusHub.Batch batch = fanOut.receiveMessage();
            assertTrue(batch.events().size() <= StatusHub.MAX_BATCH, batch.events().size() + " events in a batch");
            batch.events().forEach(e -> batched.add(e.sequence()));
        }
        assertEquals(expected, batched);
        fanOut.expectNoMessage(QUIET);
        assertEquals(2, subscriberCount(hub));
    }

    @Test
    void a_batch_subscriber_resuming_after_a_sequence_gets_the_buffered_tail_then_live_batches() {
        ActorRef<StatusHub.Command> hub = hub(100);
        publishJournaled(hub, 1, 5);
        TestProbe<StatusHub.Batch> fanOut = testKit.createTestProbe();
        hub.tell(new StatusHub.SubscribeBatches(fanOut.ref(), Optional.of(3000L)));
        assertEquals(List.of(4000L, 5000L), sequences(fanOut.receiveMessage()));
        hub.tell(new StatusHub.PublishAfter(phase("overnight"), 5));
        assertEquals(List.of(5001L), sequences(fanOut.receiveMessage()));
        fanOut.expectNoMessage(QUIET);
    }

    @Test
    void a_stopped_or_unsubscribed_batch_subscriber_is_dropped() {
        ActorRef<StatusHub.Command> hub = hub(100);
        TestProbe<StatusHub.Batch> gone = testKit.createTestProbe();
        TestProbe<StatusHub.Batch> leaving = testKit.createTestProbe();
        TestProbe<StatusHub.Batch> staying = testKit.createTestProbe();
        for (TestProbe<StatusHub.Batch> probe : List.of(gone, leaving, staying)) {
            hub.tell(new StatusHub.SubscribeBatches(probe.ref(), Optional.empty()));
        }
        assertEquals(3, subscriberCount(hub));
        gone.stop();
        hub.tell(new StatusHub.Unsubscribe(leaving.ref()));
        publishJournaled(hub, 1, 1);
        assertEquals(List.of(1000L), sequences(staying.receiveMessage()));
        leaving.expectNoMessage(QUIET);
        staying.awaitAssert(() -> {
            assertEquals(1, subscriberCount(hub));
            return null;
        });
    }

    private static List<Long> sequences(StatusHub.Batch batch) {
        return batch.events().stream().map(StatusEvent::sequence).toList();
    }

    @Test
    void a_stopped_subscriber_is_dropped_and_the_others_go_on() {
        ActorRef<StatusHub.Command> hub = hub(100);
        TestProbe<StatusEvent> gone = testKit.createTestProbe();
        TestProbe<StatusEvent> staying = testKit.createTestProbe();
        hub.tell(new StatusHub.Subscribe(gone.ref(), Optional.empty()));
        hub.tell(new StatusHub.Subscribe(staying.ref(), Optional.empty()));
        assertEquals(2, subscriberCount(hub));
        gone.stop();
        publishJournaled(hub, 1, 2);
        assertEquals(List.of(1000L, 2000L), receive(staying, 2));
        TestProbe<StatusHub.SubscriberCount> count = testKit.createTestProbe();
        count.awaitAssert(() -> {
            assertEquals(1, subscriberCount(hub));
            return null;
        });
    }

    private static int subscriberCount(ActorRef<StatusHub.Command> hub) {
        TestProbe<StatusHub.SubscriberCount> count = testKit.createTestProbe();
        hub.tell(new StatusHub.GetSubscriberCount(count.ref()));
        return count.receiveMessage().count();
    }

    @Test
    void stale_publications_and_a_full_stride_are_dropped_so_the_order_holds() {
        ActorRef<StatusHub.Command> hub = hub(5000);
        TestProbe<StatusEvent> client = testKit.createTestProbe();
        hub.tell(new StatusHub.Subscribe(client.ref(), Optional.empty()));
        publishJournaled(hub, 1, 3);
        publishJournaled(hub, 2, 2); // a journal number already published
        for (int i = 1; i <= StatusSequence.STRIDE; i++) {
            hub.tell(new StatusHub.PublishAfter(phase("overnight"), 3)); // one too many
        }
        publishJournaled(hub, 4, 4);
        assertEquals(List.of(1000L, 2000L, 3000L), receive(client, 3));
        List<Long> between = receive(client, (int) StatusSequence.STRIDE - 1);
        assertEquals(3001L, between.get(0));
        assertEquals(3999L, between.get(between.size() - 1));
        assertEquals(List.of(4000L), receive(client, 1));
        client.expectNoMessage(QUIET);
    }

    @Test
    void the_hub_of_another_node_hears_the_feed_and_continues_the_numbering_when_the_supervisor_moves() {
        String name = "status-" + UUID.randomUUID();
        ActorRef<Topic.Command<StatusEvent>> topicA = topic(name);
        ActorRef<Topic.Command<StatusEvent>> topicB = topic(name);
        ActorRef<StatusHub.Command> hubA = hub(100, topicA);
        ActorRef<StatusHub.Command> hubB = hub(100, topicB);
        awaitTopicInstances(topicA, 2);
        awaitTopicInstances(topicB, 2);

        TestProbe<StatusEvent> onA = testKit.createTestProbe();
        TestProbe<StatusEvent> onB = testKit.createTestProbe();
        hubA.tell(new StatusHub.Subscribe(onA.ref(), Optional.empty()));
        hubB.tell(new StatusHub.Subscribe(onB.ref(), Optional.empty()));

        // the supervisor runs on A
        publishJournaled(hubA, 1, 1);
        hubA.tell(new StatusHub.PublishAfter(phase("overnight"), 1));
        assertEquals(List.of(1000L, 1001L), receive(onB, 2));
        assertEquals(List.of(1000L, 1001L), receive(onA, 2));

        // it moves to B, recovers at journal event 1 and notices a phase change before journaling anything
        hubB.tell(new StatusHub.PublishAfter(phase("pre_market"), 1));
        publishJournaled(hubB, 2, 2);
        assertEquals(List.of(1002L, 2000L), receive(onB, 2));
        assertEquals(List.of(1002L, 2000L), receive(onA, 2));

        // a client of B resuming after 1001 gets the rest, in order
        TestProbe<StatusEvent> resumed = testKit.createTestProbe();
        hubB.tell(new StatusHub.Subscribe(resumed.ref(), Optional.of(1001L)));
        assertEquals(List.of(1002L, 2000L), receive(resumed, 2));
        onA.expectNoMessage(QUIET);
        onB.expectNoMessage(Duration.ZERO);
    }

    @Test
    void the_default_hub_publishes_on_the_interlude_status_topic() {
        ActorRef<StatusHub.Command> hub = testKit.spawn(StatusHub.create(new StatusSettings(10, 5)));
        ActorRef<Topic.Command<StatusEvent>> listener = topic(StatusHub.TOPIC);
        TestProbe<StatusEvent> direct = testKit.createTestProbe();
        listener.tell(Topic.subscribe(direct.ref()));
        awaitTopicInstances(listener, 2);
        publishJournaled(hub, 1, 1);
        StatusEvent event = direct.receiveMessage();
        assertEquals(1000L, event.sequence());
        assertEquals("run_queued", event.type());
    }

    @Test
    void status_events_and_hub_messages_serialize() {
        SerializationTestKit serialization = new SerializationTestKit(testKit.system());
        TestProbe<StatusEvent> probe = testKit.createTestProbe();
        StatusEvent event = StatusUpdate.ofRun(AT, StatusType.RUN_FAILED, "fetch", "fetch-1", 2,
                Map.of("reason", "exit code 1")).withSequence(42000);
        assertEquals(event, serialization.verifySerialization(event, true));
        StatusEvent bare = StatusUpdate.of(AT, StatusType.MODE_CHANGED, Map.of("mode", "research"))
                .withSequence(42001);
        assertEquals(bare, serialization.verifySerialization(bare, true));
        serialization.verifySerialization(new StatusHub.Publish(event.update(), 42), true);
        serialization.verifySerialization(new StatusHub.PublishAfter(bare.update(), 42), true);
        serialization.verifySerialization(new StatusHub.Subscribe(probe.ref(), Optional.of(41999L)), true);
        serialization.verifySerialization(new StatusHub.Subscribe(probe.ref(), Optional.empty()), true);
        serialization.verifySerialization(new StatusHub.Unsubscribe(probe.ref()), true);
        serialization.verifySerialization(new StatusHub.SubscriberCount(3), true);
        TestProbe<StatusHub.Batch> batches = testKit.createTestProbe();
        serialization.verifySerialization(new StatusHub.SubscribeBatches(batches.ref(), Optional.of(41999L)), true);
        serialization.verifySerialization(new StatusHub.Unsubscribe(batches.ref()), true);
        assertEquals(List.of(event, bare), serialization.verifySerialization(new StatusHub.Batch(List.of(event, bare)),
                true).events());
        assertTrue(event.details().containsKey("reason"));
    }

    private static void awaitTopicInstances(ActorRef<Topic.Command<StatusEvent>> topic, int instances) {
        TestProbe<Topic.TopicStats> stats = testKit.createTestProbe();
        stats.awaitAssert(Duration.ofSeconds(5), Duration.ofMillis(50), () -> {
            topic.tell(Topic.getTopicStats(stats.ref()));
            assertTrue(stats.receiveMessage(Duration.ofMillis(500)).topicInstanceCount() >= instances);
            return null;
        });
    }
}
