package dev.interlude.http.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.status.StatusSequence;
import dev.interlude.engine.status.StatusSettings;
import dev.interlude.engine.status.StatusType;
import dev.interlude.engine.status.StatusUpdate;
import dev.interlude.http.Api;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One endpoint's sender against local receivers, fed by a real status hub. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookSenderTest {

    private static final String SECRET = WebhookSettingsTest.SECRET;
    private static final Instant NOW = Instant.parse("2026-03-02T23:14:05Z");
    private static final InstantSource CLOCK = InstantSource.fixed(NOW);

    private ActorTestKit kit;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ActorRef<StatusHub.Command> hub;
    private Receiver receiver;
    private long journal;
    private final List<ActorRef<?>> spawned = new ArrayList<>();

    @BeforeAll
    void startKit() {
        kit = ActorTestKit.create("webhooks");
    }

    @AfterAll
    void stopKit() {
        kit.shutdownTestKit();
    }

    /** A hub of its own for each test, on a topic of its own, so no test sees another's events. */
    @BeforeEach
    void freshHubAndReceiver() {
        ActorRef<Topic.Command<StatusEvent>> topic = kit.spawn(Topic.create(StatusEvent.class,
                "status-" + UUID.randomUUID()));
        hub = kit.spawn(StatusHub.create(new StatusSettings(100, 3), topic));
        spawned.add(topic);
        spawned.add(hub);
        receiver = Receiver.start();
        journal = 0;
    }

    @AfterEach
    void stopEverything() {
        spawned.forEach(kit::stop);
        spawned.clear();
        receiver.close();
    }

    @Test
    void a_wanted_event_is_posted_as_json_signed_over_its_timestamp_and_body() throws Exception {
        ActorRef<WebhookSender.Command> sender = sender(endpoint(receiver.url(), Set.of(WebhookEvent.RUN_ABANDONED),
                e -> { }));
        publish(StatusUpdate.ofRun(NOW, StatusType.RUN_STARTED, "quick_report", "run-1", 1, Map.of()));
        long id = publish(StatusUpdate.ofRun(NOW, StatusType.RUN_ABANDONED, "quick_report", "run-1", 2,
                Map.of("reason", "exit code 2")));

        Receiver.Request request = receiver.next(5); // the run_started before it is not wanted: not delivered
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals("run.abandoned", request.header("X-Interlude-Event"));
        assertEquals(Long.toString(id), request.header("X-Interlude-Delivery"));
        assertEquals("1", request.header("X-Interlude-Attempt"));
        assertEquals(Long.toString(NOW.getEpochSecond()), request.header("X-Interlude-Timestamp"));
        assertTrue(request.signedWith(SECRET), request.header("X-Interlude-Signature"));
        assertFalse(request.signedWith("another-secret-0123456789"));
        assertFalse(new Receiver.Request(Map.of("X-Interlude-Timestamp", List.of(Long.toString(NOW.getEpochSecond()
                + 1)), "X-Interlude-Signature", List.of(request.header("X-Interlude-Signature"))), request.body())
                .signedWith(SECRET), "the timestamp is part of what is signed");

        JsonNode body = Api.JSON.readTree(request.body());
        assertEquals(id, body.get("id").asLong());
        assertEquals("run.abandoned", body.get("type").asText());
        assertEquals(NOW.toString(), body.get("at").asText());
        assertEquals(kit.system().address().hostPort(), body.get("node").asText());
        assertEquals("quick_report", body.get("task").asText());
        assertEquals("run-1", body.get("runId").asText());
        assertEquals(2, body.get("attempt").asInt());
        assertEquals("exit code 2", body.get("details").get("reason").asText());
        String everything = request.headers() + request.text();
        assertFalse(everything.contains(SECRET), everything);
        awaitStats(sender, new WebhookSender.Stats(0, 1, 0, 0, 0, 0));
    }

    @Test
    void failed_attempts_are_retried_and_later_deliveries_wait_their_turn() throws Exception {
        receiver.answering(500, 500);
        ActorRef<WebhookSender.Command> sender = sender(endpoint(receiver.url(),
                Set.of(WebhookEvent.DISPATCH_STOPPED, WebhookEvent.DISPATCH_RESUMED), e -> { }));
        long stopped = publish(StatusUpdate.of(NOW, StatusType.DISPATCH_STOPPED, Map.of("by", "alice",
                "reason", "broker outage", "cancel_running", "false")));
        long resumed = publish(StatusUpdate.of(NOW, StatusType.DISPATCH_RESUMED, Map.of("by", "alice")));

        for (int attempt = 1; attempt <= 3; attempt++) {
            Receiver.Request request = receiver.next(5);
            assertEquals(Long.toString(stopped), request.header("X-Interlude-Delivery"));
            assertEquals(Integer.toString(attempt), request.header("X-Interlude-Attempt"));
            assertTrue(request.signedWith(SECRET));
        }
        Receiver.Request next = receiver.next(5);
        assertEquals(Long.toString(resumed), next.header("X-Interlude-Delivery"));
        assertEquals("dispatch.resumed", next.header("X-Interlude-Event"));
        assertEquals("1", next.header("X-Interlude-Attempt"));
        awaitStats(sender, new WebhookSender.Stats(0, 2, 2, 0, 0, 0));
        assertNull(receiver.poll(200), "each delivery succeeded once");
    }

    @Test
    void a_delivery_is_given_up_after_its_last_attempt_with_a_short_scrubbed_warning() throws Exception {
        receiver.answering(503, 503).withErrorBody("bad signature for token=abc123\n" + "x".repeat(2000));
        ActorRef<WebhookSender.Command> sender = sender(endpoint(receiver.url(), Set.of(WebhookEvent.RUN_ABANDONED),
                e -> e.maxAttempts = 2));
        LoggingTestKit.warn("gave up delivering run.abandoned")
                .withCustom(event -> event.message().contains("after 2 attempt(s); the last: HTTP 503: bad "
                        + "signature for token=***") && event.message().length() < 400
                        && !event.message().contains(SECRET) && !event.message().contains("/hooks/interlude"))
                .expect(kit.system(), () -> publish(StatusUpdate.ofRun(NOW, StatusType.RUN_ABANDONED, "a", "run-a",
                        1, Map.of())));
        publish(StatusUpdate.ofRun(NOW, StatusType.RUN_ABANDONED, "b", "run-b", 1, Map.of()));
        List<String> delivered = List.of(receiver.next(5).header("X-Interlude-Delivery"),
                receiver.next(5).header("X-Interlude-Delivery"), receiver.next(5).header("X-Interlude-Delivery"));
        assertEquals(List.of(delivered.get(0), delivered.get(0)), delivered.subList(0, 2));
        assertFalse(delivered.get(2).equals(delivered.get(0)), delivered.toString());
        awaitStats(sender, new WebhookSender.Stats(0, 1, 2, 1, 0, 0));
    }

    @Test
    void an_attempt_without_an_answer_in_time_fails_and_is_retried() throws Exception {
        receiver.hold();
        ActorRef<WebhookSender.Command> sender = sender(endpoint(receiver.url(), Set.of(WebhookEvent.RUN_ABANDONED),
                e -> {
                    e.timeout = Duration.ofMillis(300);
                    e.maxAttempts = 2;
                }));
        LoggingTestKit.info("attempt 1 of 2 to deliver run.abandoned")
                .withCustom(event -> event.message().contains("failed (no answer within 300 ms)"))
                .expect(kit.system(), () -> publish(StatusUpdate.ofRun(NOW, StatusType.RUN_ABANDONED, "a", "run-a",
                        1, Map.of())));
        awaitStats(sender, new WebhookSender.Stats(0, 0, 2, 1, 0, 0));
        assertEquals(2, receiver.drain().size());
    }

    @Test
    void a_full_queue_drops_the_oldest_waiting_delivery_and_says_so() throws Exception {
        receiver.hold();
        ActorRef<WebhookSender.Command> sender = sender(endpoint(receiver.url(), Set.of(WebhookEvent.RUN_ABANDONED),
                e -> e.maxQueue = 2));
        long first = publish(abandoned("t1"));
        assertEquals(Long.toString(first), receiver.next(5).header("X-Interlude-Delivery")); // in flight, held
        publish(abandoned("t2"));
        publish(abandoned("t3"));
        LoggingTestKit.warn("the receiver is not keeping up; dropped 1 waiting delivery(ies), the oldest, to keep "
                + "the newest 2").expect(kit.system(), () -> publish(abandoned("t4")));
        long last = publish(abandoned("t5"));
        awaitStats(sender, new WebhookSender.Stats(0, 0, 0, 0, 2, 3));

        receiver.release();
        assertEquals(Long.toString(last - StatusSequence.STRIDE), receiver.next(5).header("X-Interlude-Delivery"));
        assertEquals(Long.toString(last), receiver.next(5).header("X-Interlude-Delivery"));
        awaitStats(sender, new WebhookSender.Stats(0, 3, 0, 0, 2, 0));
    }

    @Test
    void an_endpoint_that_does_not_answer_or_is_down_delays_no_other() throws Exception {
        try (Receiver silent = Receiver.start().hold()) {
            URI down = URI.create("http://127.0.0.1:" + freePort() + "/hooks");
            WebhookSettings settings = new WebhookSettings(List.of(
                    endpoint(silent.url(), Set.of(WebhookEvent.DISPATCH_STOPPED), e -> e.timeout = Duration.ofSeconds(20)),
                    endpoint(down, Set.of(WebhookEvent.DISPATCH_STOPPED), e -> e.index = 1),
                    endpoint(receiver.url(), Set.of(WebhookEvent.DISPATCH_STOPPED), e -> e.index = 2)));
            ActorRef<Webhooks.Command> webhooks = kit.spawn(Webhooks.create(settings, hub, CLOCK));
            spawned.add(webhooks);
            for (int i = 0; i < 3; i++) {
                TestProbe<WebhookSender.Stats> probe = kit.createTestProbe();
                webhooks.tell(new Webhooks.GetStats(i, probe.getRef()));
                assertEquals(i, probe.receiveMessage(Duration.ofSeconds(5)).endpoint()); // subscribed by now
            }
            long stopped = publish(StatusUpdate.of(NOW, StatusType.DISPATCH_STOPPED, Map.of("by", "ops")));
            long again = publish(StatusUpdate.of(NOW, StatusType.DISPATCH_STOPPED, Map.of("by", "ops again")));
            assertEquals(Long.toString(stopped), silent.next(5).header("X-Interlude-Delivery")); // and held there
            assertEquals(Long.toString(stopped), receiver.next(2).header("X-Interlude-Delivery"));
            assertEquals(Long.toString(again), receiver.next(2).header("X-Interlude-Delivery"));
            TestProbe<WebhookSender.Stats> probe = kit.createTestProbe();
            probe.awaitAssert(Duration.ofSeconds(5), () -> {
                webhooks.tell(new Webhooks.GetStats(1, probe.getRef()));
                assertTrue(probe.receiveMessage().failedAttempts() >= 1);
                return null;
            });
            webhooks.tell(new Webhooks.GetStats(0, probe.getRef()));
            WebhookSender.Stats silentStats = probe.receiveMessage();
            assertEquals(0, silentStats.delivered() + silentStats.failedAttempts(), "still waiting for its answer");
        }
    }

    // ---- helpers ----

    /** What a test may change of an endpoint. */
    static final class Endpoint {
        int index;
        Duration timeout = Duration.ofSeconds(5);
        int maxAttempts = 5;
        int maxQueue = 100;
    }

    static WebhookEndpoint endpoint(URI url, Set<WebhookEvent> events, Consumer<Endpoint> change) {
        Endpoint e = new Endpoint();
        change.accept(e);
        return new WebhookEndpoint(e.index, url, events, SECRET, e.timeout, e.maxAttempts, Duration.ofMillis(20),
                Duration.ofMillis(100), e.maxQueue);
    }

    private ActorRef<WebhookSender.Command> sender(WebhookEndpoint endpoint) {
        ActorRef<WebhookSender.Command> sender = kit.spawn(WebhookSender.create(endpoint, hub, client, CLOCK));
        spawned.add(sender);
        stats(sender); // once it answers, its subscription is in the hub's mailbox ahead of anything published next
        return sender;
    }

    private WebhookSender.Stats stats(ActorRef<WebhookSender.Command> sender) {
        TestProbe<WebhookSender.Stats> probe = kit.createTestProbe();
        sender.tell(new WebhookSender.GetStats(probe.getRef()));
        return probe.receiveMessage(Duration.ofSeconds(5));
    }

    private void awaitStats(ActorRef<WebhookSender.Command> sender, WebhookSender.Stats expected) {
        kit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertEquals(expected, stats(sender));
            return null;
        });
    }

    private static StatusUpdate abandoned(String task) {
        return StatusUpdate.ofRun(NOW, StatusType.RUN_ABANDONED, task, "run-" + task, 1, Map.of());
    }

    /** Publishes {@code update} as the next journaled event; answers its status sequence. */
    private long publish(StatusUpdate update) {
        journal++;
        hub.tell(new StatusHub.Publish(update, journal));
        return StatusSequence.ofJournaled(journal);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
