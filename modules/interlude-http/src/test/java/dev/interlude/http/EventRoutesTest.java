package dev.interlude.http;

import static dev.interlude.http.ControlRoutesTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.status.StatusSequence;
import dev.interlude.engine.status.StatusType;
import dev.interlude.engine.status.StatusUpdate;
import dev.interlude.engine.supervisor.SupervisorEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The status feed over a real socket: live events, filters, resuming from the hub and from the journal, limits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventRoutesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String EVENTS = "/api/v1/events";

    private TestNode node;

    /** A node whose feed beats every 200 ms: a connection its client closed is noticed at the next writes. */
    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("events.heartbeat", "1s")); // the shortest allowed
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @Test
    void live_events_come_with_their_name_id_and_json_data_and_never_a_parameter_value() throws Exception {
        try (SseClient client = SseClient.connect(node.base, EVENTS)) {
            assertEquals(200, client.status);
            assertTrue(client.headers.get("content-type").startsWith("text/event-stream"), client.headers.toString());
            assertEquals("no-cache", client.headers.get("cache-control"));
            String requestId = requestRun(node, Map.of("api_key", "s3cr3t-value-42"));
            List<SseClient.Event> events = untilSucceeded(client, requestId);

            SseClient.Event queued = events.stream().filter(e -> e.type().equals("run.queued")
                    && e.json().path("details").path("request_id").asText().equals(requestId)).findFirst()
                    .orElseThrow(() -> new AssertionError("no run.queued in " + events));
            JsonNode data = queued.json();
            assertEquals(queued.sequence(), data.get("sequence").asLong());
            assertEquals("run.queued", data.get("type").asText());
            assertEquals("quick_report", data.get("task").asText());
            assertEquals("api_key", data.get("details").get("parameter_names").asText());
            Instant.parse(data.get("at").asText());

            SseClient.Event started = events.stream().filter(e -> e.type().equals("run.started")).reduce((a, b) -> b)
                    .orElseThrow();
            SseClient.Event succeeded = events.get(events.size() - 1);
            assertEquals(started.json().get("runId").asText(), succeeded.json().get("runId").asText());
            assertEquals(1, succeeded.json().get("attempt").asInt());
            assertTrue(queued.sequence() < started.sequence() && started.sequence() < succeeded.sequence());
            assertIncreasing(events);
            assertTrue(events.stream().noneMatch(e -> e.data().contains("s3cr3t")), events.toString());
        }
    }

    @Test
    void the_types_parameter_keeps_only_the_named_events() {
        try (SseClient client = SseClient.connect(node.base, EVENTS + "?types=run.started,run.succeeded")) {
            List<SseClient.Event> events = untilSucceeded(client, requestRun(node, Map.of()));
            assertTrue(events.stream().anyMatch(e -> e.type().equals("run.started")), events.toString());
            assertTrue(events.stream().allMatch(e -> Set.of("run.started", "run.succeeded").contains(e.type())),
                    events.toString());
        }
    }

    @Test
    void an_unknown_type_or_a_malformed_last_event_id_is_refused_with_400() throws Exception {
        assertProblem(node.get(EVENTS + "?types=run.started,run.exploded"), 400,
                "unknown event type \"run.exploded\" in types; the event types are alert, budget.updated");
        assertProblem(node.get(EVENTS + "?types=run.started,run.exploded"), 400, "health.changed");
        assertProblem(node.get(EVENTS, EventRoutes.LAST_EVENT_ID, "abc"), 400,
                "Last-Event-ID: expected the id of an event of this feed");
        assertProblem(node.get(EVENTS, EventRoutes.LAST_EVENT_ID, "-5"), 400, "got \"-5\"");
    }

    @Test
    void a_client_reconnecting_with_last_event_id_gets_what_it_missed_from_the_hub_then_live_events() {
        Missed missed = watchOneRunThenMissTwo(node);
        long last = missed.last();
        StatusHub.Recent recent = recent(node);
        assertTrue(recent.events().get(0).sequence() <= last, "the hub's buffer should reach back to " + last);

        try (SseClient client = resume(node, last)) {
            List<SseClient.Event> replayed = client.until(e -> e.sequence() == missed.highest(), WAIT);
            assertEquals(sequencesAfter(recent.events(), last), sequences(replayed));

            List<SseClient.Event> live = untilSucceeded(client, requestRun(node, Map.of()));
            List<SseClient.Event> all = Stream.concat(replayed.stream(), live.stream()).toList();
            assertEquals(sequencesAfter(recent(node).events(), last).subList(0, all.size()), sequences(all));
            assertJournaledContiguous(all, last, node);
        }
    }

    @Test
    void connections_that_close_leave_no_subscription_behind() {
        awaitSubscribers(node, 0);
        for (int round = 0; round < 4; round++) {
            List<SseClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    clients.add(SseClient.connect(node.base, EVENTS));
                }
                awaitSubscribers(node, 5);
            } finally {
                clients.forEach(SseClient::close);
            }
            awaitSubscribers(node, 0);
        }
    }

    @Test
    void a_quiet_feed_sends_a_heartbeat_comment() {
        try (SseClient idle = SseClient.connect(node.base, EVENTS + "?types=health.changed")) {
            assertEquals(":", idle.nextComment(Duration.ofSeconds(5)));
            assertEquals(":", idle.nextComment(Duration.ofSeconds(5)));
        }
    }

    @Test
    void a_client_whose_events_fell_out_of_the_hub_buffer_gets_them_from_the_journal() {
        try (TestNode small = TestNode.startWith(Map.of("interlude.status.buffer", 2))) {
            Missed missed = watchOneRunThenMissTwo(small);
            long last = missed.last();
            StatusHub.Recent recent = recent(small);
            assertTrue(recent.events().get(0).sequence() > last + 1, "the hub's buffer should have dropped what "
                    + "came after " + last + ": " + recent.events());
            TreeSet<Long> expected = new TreeSet<>(sequencesAfter(recent.events(), last));
            journal(small).stream().map(j -> StatusSequence.ofJournaled(j.sequenceNr())).filter(s -> s > last)
                    .forEach(expected::add);

            try (SseClient client = resume(small, last)) {
                List<SseClient.Event> replayed = client.until(e -> e.sequence() == missed.highest(), WAIT);
                assertEquals(List.copyOf(expected), sequences(replayed));
                List<SseClient.Event> live = untilSucceeded(client, requestRun(small, Map.of()));
                List<SseClient.Event> all = Stream.concat(replayed.stream(), live.stream()).toList();
                assertIncreasing(all);
                assertJournaledContiguous(all, last, small);
            }
        }
    }

    @Test
    void a_client_that_stops_reading_is_disconnected_with_a_last_event_while_another_keeps_receiving() {
        try (TestNode slowNode = TestNode.startWith(Map.of("interlude.http.events.buffer", 16,
                "pekko.http.server.socket-options.so-send-buffer-size", 4096));
             SseClient reader = SseClient.connect(slowNode.base, EVENTS);
             SseClient stalled = SseClient.connect(slowNode.base, EVENTS, 4096)) {
            awaitSubscribers(slowNode, 2);
            // Events well above the supervisor's own numbers, ten at a time; the reader reads each batch, the
            // stalled client reads nothing until the node lets go of it.
            long journalNr = 1_000_000;
            int batches = 0;
            while (subscribers(slowNode) == 2 + MONITORING) {
                assertTrue(++batches <= 300, "the stalled client was never disconnected");
                journalNr = publishAlerts(slowNode, journalNr, 10);
                long lastPublished = StatusSequence.ofJournaled(journalNr - 1);
                reader.until(e -> e.sequence() == lastPublished, WAIT);
            }

            List<SseClient.Event> drained = new ArrayList<>();
            for (var event = stalled.nextOrEnd(WAIT); event.isPresent(); event = stalled.nextOrEnd(WAIT)) {
                drained.add(event.get());
            }
            SseClient.Event goodbye = drained.get(drained.size() - 1);
            assertEquals(EventTypes.DISCONNECTED, goodbye.type(), drained.subList(Math.max(0, drained.size() - 3),
                    drained.size()).toString());
            assertEquals(null, goodbye.id());
            assertTrue(goodbye.json().get("reason").asText().startsWith(
                    "the client is too slow: more than 16 events behind"), goodbye.data());
            assertIncreasing(drained.subList(0, drained.size() - 1));

            journalNr = publishAlerts(slowNode, journalNr, 10);
            long lastPublished = StatusSequence.ofJournaled(journalNr - 1);
            reader.until(e -> e.sequence() == lastPublished, WAIT);
        }
    }

    @Test
    void many_clients_each_receive_a_burst_once_in_order_with_the_same_bytes() {
        int clients = 20;
        try (TestNode busy = TestNode.start(Map.of())) {
            List<SseClient> connected = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    connected.add(SseClient.connect(busy.base, EVENTS));
                }
                awaitSubscribers(busy, clients);
                long first = 1_000_000; // above the supervisor's own numbers
                long next = publishAlerts(busy, first, 400);
                long lastPublished = StatusSequence.ofJournaled(next - 1);
                List<Long> expected = LongStream.range(first, next)
                        .map(StatusSequence::ofJournaled).boxed().toList();
                List<SseClient.Event> reference = null;
                for (SseClient client : connected) {
                    List<SseClient.Event> received = client.until(e -> e.sequence() == lastPublished, WAIT).stream()
                            .filter(e -> e.sequence() >= StatusSequence.ofJournaled(first)).toList();
                    assertEquals(expected, sequences(received));
                    if (reference == null) {
                        reference = received;
                    } else {
                        assertEquals(reference, received, "every client receives the same events");
                    }
                }
            } finally {
                connected.forEach(SseClient::close);
            }
        }
    }

    // ---- helpers ----

    /** The last event a client saw before it went away, and the hub's highest once two more runs were done. */
    private record Missed(long last, long highest) {
    }

    /** A client watches a run to its end and leaves; two more runs happen while it is away. */
    private static Missed watchOneRunThenMissTwo(TestNode on) {
        long last;
        try (SseClient client = SseClient.connect(on.base, EVENTS)) {
            List<SseClient.Event> seen = untilSucceeded(client, requestRun(on, Map.of()));
            last = seen.get(seen.size() - 1).sequence();
        }
        return new Missed(last, awaitRunsPublished(on, List.of(requestRun(on, Map.of()), requestRun(on, Map.of()))));
    }

    private static SseClient resume(TestNode on, long last) {
        return SseClient.connect(on.base, EVENTS, EventRoutes.LAST_EVENT_ID, Long.toString(last));
    }

    /** Queues a run of quick_report (200 ms); answers its request id. */
    private static String requestRun(TestNode on, Map<String, String> parameters) {
        try {
            return on.node.requestRun("quick_report", parameters, "test").toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot request a run", e);
        }
    }

    /** Events up to the run.succeeded of the run started for {@code requestId}. */
    private static List<SseClient.Event> untilSucceeded(SseClient client, String requestId) {
        String[] runId = {null};
        return client.until(e -> {
            JsonNode data = e.json();
            if (e.type().equals("run.started") && requestId.equals(data.path("details").path("request_id").asText())) {
                runId[0] = data.get("runId").asText();
            }
            return e.type().equals("run.succeeded") && data.get("runId").asText().equals(runId[0]);
        }, WAIT);
    }

    /** Waits until the runs of these requests succeeded and the hub published it all; answers the hub's highest. */
    private static long awaitRunsPublished(TestNode on, List<String> requestIds) {
        TestProbe<Object> probe = on.kit.createTestProbe();
        return probe.awaitAssert(WAIT, Duration.ofMillis(50), () -> {
            List<JournalEvents.Journaled> journal = journal(on);
            Set<String> runIds = new TreeSet<>();
            journal.forEach(j -> {
                if (j.event() instanceof SupervisorEvent.RunStarted s && s.requestId().isPresent()
                        && requestIds.contains(s.requestId().get())) {
                    runIds.add(s.runId());
                }
            });
            assertEquals(requestIds.size(), runIds.size());
            long succeeded = journal.stream().filter(j -> j.event() instanceof SupervisorEvent.RunSucceeded s
                    && runIds.contains(s.runId())).count();
            assertEquals(requestIds.size(), succeeded);
            long highest = recent(on).highest();
            assertTrue(highest >= StatusSequence.ofJournaled(journal.get(journal.size() - 1).sequenceNr()));
            return highest;
        });
    }

    /** Publishes {@code count} alerts as if journaled from {@code journalNr} on; answers the next number. */
    private static long publishAlerts(TestNode on, long journalNr, int count) {
        for (int i = 0; i < count; i++) {
            on.node.statusHub().tell(new StatusHub.Publish(StatusUpdate.ofTask(Instant.now(), StatusType.ALERT,
                    "quick_report", Map.of("alert", "test", "detail", "x".repeat(300))), journalNr++));
        }
        return journalNr;
    }

    private static List<JournalEvents.Journaled> journal(TestNode on) {
        try {
            return on.node.journal().current(1).runWith(Sink.seq(), on.kit.system()).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot read the journal", e);
        }
    }

    private static StatusHub.Recent recent(TestNode on) {
        TestProbe<StatusHub.Recent> probe = on.kit.createTestProbe();
        on.node.statusHub().tell(new StatusHub.GetRecent(probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    /** The node's monitoring subscribes to the hub once, when the node starts. */
    private static final int MONITORING = 1;

    private static int subscribers(TestNode on) {
        TestProbe<StatusHub.SubscriberCount> probe = on.kit.createTestProbe();
        on.node.statusHub().tell(new StatusHub.GetSubscriberCount(probe.ref()));
        return probe.receiveMessage(WAIT).count();
    }

    /** Feed connections subscribed to the hub (besides the node's monitoring, which follows the feed too). */
    private static void awaitSubscribers(TestNode on, int count) {
        on.kit.createTestProbe().awaitAssert(WAIT, Duration.ofMillis(20), () -> {
            assertEquals(count + MONITORING, subscribers(on));
            assertEquals(count, on.node.monitoring().metrics().sseSubscribers().get(), "the feed's gauge");
            return null;
        });
    }

    private static List<Long> sequences(List<SseClient.Event> events) {
        return events.stream().map(SseClient.Event::sequence).toList();
    }

    private static List<Long> sequencesAfter(List<StatusEvent> events, long after) {
        return events.stream().map(StatusEvent::sequence).filter(s -> s > after).toList();
    }

    private static void assertIncreasing(List<SseClient.Event> events) {
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i - 1).sequence() < events.get(i).sequence(), "out of order or repeated at " + i
                    + ": " + sequences(events));
        }
    }

    /** Every journaled event after {@code after} up to the last one received, each once: no gap, no duplicate. */
    private static void assertJournaledContiguous(List<SseClient.Event> events, long after, TestNode on) {
        List<Long> journaled = events.stream().map(SseClient.Event::sequence)
                .filter(s -> s % StatusSequence.STRIDE == 0).map(StatusSequence::journalPart).toList();
        assertFalse(journaled.isEmpty());
        long first = StatusSequence.journalPart(after) + 1;
        for (int i = 0; i < journaled.size(); i++) {
            assertEquals(first + i, journaled.get(i), "journaled events received: " + journaled);
        }
        assertTrue(journal(on).size() >= journaled.get(journaled.size() - 1));
    }
}
