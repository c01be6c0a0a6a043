package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.interlude.http.webhook.Receiver;
import dev.interlude.http.webhook.WebhookSender;
import dev.interlude.http.webhook.WebhookSettings;
import dev.interlude.http.webhook.Webhooks;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Webhooks of a running node (the real supervisor and status hub) to a local receiver. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksTest {

    private static final String SECRET = "webhook-secret-for-tests-7d1e";

    /** A task that fails on its only attempt: a run of it is abandoned at once. */
    private static final String ALWAYS_FAILS = """
            tasks.always_fails {
              priority = HIGH
              modes = [PREP, TRADING, RESEARCH]
              trigger { type = manual }
              estimated-duration = 50ms
              timeout = 5s
              retry { max-attempts = 1 }
              handler { type = simulated, failure-probability = 1.0, duration = 50ms }
            }
            """;

    private TestNode node;
    private Receiver receiver;

    @BeforeAll
    void start() {
        receiver = Receiver.start();
        node = TestNode.start(Map.of(), ALWAYS_FAILS);
        WebhookSettings settings = WebhookSettings.load(ConfigFactory.parseString("""
                interlude.webhooks = [ {
                  url = "%s"
                  events = [run.abandoned, dispatch.stopped, health.degraded]
                  secret = "%s"
                  initial-backoff = 20ms
                  max-backoff = 100ms
                } ]
                """.formatted(receiver.url(), SECRET)).withFallback(ConfigFactory.defaultReference()).resolve());
        ActorRef<Webhooks.Command> webhooks = node.kit.spawn(Webhooks.create(settings, node.node.statusHub(),
                node.node.clock()), "webhooks");
        TestProbe<WebhookSender.Stats> ready = node.kit.createTestProbe();
        webhooks.tell(new Webhooks.GetStats(0, ready.getRef()));
        ready.receiveMessage(Duration.ofSeconds(5)); // subscribed to the hub by now
    }

    @AfterAll
    void stop() {
        node.close();
        receiver.close();
    }

    @Test
    void a_run_that_fails_for_good_is_posted_as_run_abandoned() throws Exception {
        node.node.requestRun("always_fails", Map.of(), "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        Receiver.Request request = next("run.abandoned");
        assertTrue(request.signedWith(SECRET), "verifies with the endpoint's secret");
        assertFalse(request.signedWith("not-the-webhook-secret-1234"), "and with no other");
        JsonNode body = Api.JSON.readTree(request.body());
        assertEquals("run.abandoned", body.get("type").asText());
        assertEquals("always_fails", body.get("task").asText());
        assertFalse(body.get("runId").asText().isBlank(), body.toString());
        assertEquals(1, body.get("attempt").asInt(), body.toString());
        assertEquals(request.header("X-Interlude-Delivery"), body.get("id").asText());
        assertTrue(body.get("details").has("reason"), body.toString());
    }

    @Test
    void stopping_dispatch_is_posted_as_dispatch_stopped() throws Exception {
        node.node.stop("ops", "broker outage", false).toCompletableFuture().get(5, TimeUnit.SECONDS);
        try {
            Receiver.Request request = next("dispatch.stopped");
            assertTrue(request.signedWith(SECRET));
            JsonNode body = Api.JSON.readTree(request.body());
            assertTrue(body.get("task").isNull(), body.toString());
            assertEquals("ops", body.get("details").get("by").asText());
            assertEquals("broker outage", body.get("details").get("reason").asText());
        } finally {
            node.node.resume("ops").toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** The next delivery of {@code event}; the other test's deliveries may come first. */
    private Receiver.Request next(String event) throws Exception {
        for (int i = 0; i < 5; i++) {
            Receiver.Request request = receiver.next(10);
            if (event.equals(request.header("X-Interlude-Event"))) {
                return request;
            }
        }
        throw new AssertionError("no " + event + " delivery among the next 5");
    }
}
