package dev.interlude.http;

import static dev.interlude.http.ControlRoutesTest.assertProblem;
import static dev.interlude.http.ControlRoutesTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The probes and the verdict on nodes whose clock runs in a chosen phase: market hours on a Wednesday (no research
 * window to judge), or the evening's research window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthRoutesTest {

    /** Wednesday 2026-11-18, 11:00 in New York: market hours. */
    static final Instant MARKET_HOURS = Instant.parse("2026-11-18T16:00:00Z");
    /** The same day, 20:00 in New York: two hours into the overnight research window. */
    static final Instant RESEARCH = Instant.parse("2026-11-19T01:00:00Z");

    static final List<String> CHECKS = List.of("cluster_member", "supervisor_ticking", "journal_writable", "backlog",
            "error_rate", "research_window_completion");

    private TestNode node;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("health.backlog-over", 1), ticking(MARKET_HOURS));
    }

    @AfterAll
    void stop() {
        node.close();
    }

    /** The real clock, moved to {@code at}: it ticks on from there. */
    static InstantSource ticking(Instant at) {
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), at));
    }

    @Test
    void a_quiet_node_is_alive_ready_and_healthy_with_every_check() throws Exception {
        assertEquals("alive", json(node.get("/health/alive")).get("status").asText());
        HttpResponse<String> ready = node.get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("ready", json(ready).get("status").asText());

        HttpResponse<String> response = node.get("/api/v1/health");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode health = json(response);
        assertEquals("healthy", health.get("status").asText(), health.toPrettyString());
        List<String> names = new ArrayList<>();
        health.get("checks").forEach(c -> {
            names.add(c.get("name").asText());
            assertEquals("pass", c.get("status").asText(), c.toString());
            assertTrue(c.has("value") && c.has("threshold") && !c.get("detail").asText().isEmpty(), c.toString());
        });
        assertEquals(CHECKS, names);
        JsonNode backlog = health.get("checks").get(3);
        assertEquals(0, backlog.get("value").asInt());
        assertEquals(1, backlog.get("threshold").asInt());
        assertEquals("Up", health.get("checks").get(0).get("value").asText());
    }

    @Test
    void a_backlog_over_the_threshold_degrades_the_node_until_it_drains() throws Exception {
        node.node.stop("test", "hold the queue", false).toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 2; i++) {
            node.node.requestRun("quick_report", Map.of(), "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        JsonNode degraded = json(node.get("/api/v1/health"));
        assertEquals("degraded", degraded.get("status").asText(), degraded.toPrettyString());
        JsonNode backlog = check(degraded, "backlog");
        assertEquals("warn", backlog.get("status").asText());
        assertEquals(2, backlog.get("value").asInt());
        assertTrue(backlog.get("detail").asText().contains("more than 1"), backlog.toString());
        assertEquals(2.0, scraped("interlude_queue_depth"));
        assertEquals(1.0, scraped("interlude_dispatch_stopped"));
        assertEquals(1.0, scraped("interlude_blocked_tasks{reason=\"stopped\"}"));

        node.node.resume("test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestProbe<Object> probe = node.kit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            JsonNode drained = json(node.get("/api/v1/health"));
            assertEquals("healthy", drained.get("status").asText());
            assertEquals(0, check(drained, "backlog").get("value").asInt());
            return null;
        });
    }

    @Test
    void a_node_that_is_not_up_in_its_cluster_is_neither_ready_nor_healthy() throws Exception {
        node.memberStatus.set("Joining");
        try {
            notReadyAndUnhealthy(node, "this node is Joining in its cluster, not Up", "cluster_member");
        } finally {
            node.memberStatus.set("Up");
        }
        assertEquals(200, node.get("/health/ready").statusCode());
    }

    @Test
    void a_stopped_supervisor_makes_the_node_unhealthy_and_not_ready() throws Exception {
        try (TestNode stopped = TestNode.start(Map.of("health.supervisor-timeout", "300ms"),
                ticking(MARKET_HOURS))) {
            assertEquals(200, stopped.get("/health/ready").statusCode());
            stopped.kit.stop(stopped.supervisor);

            JsonNode health = notReadyAndUnhealthy(stopped, "the supervisor did not answer within 300 ms",
                    "supervisor_ticking");
            assertTrue(check(health, "supervisor_ticking").get("value").isNull());
            assertEquals("fail", check(health, "journal_writable").get("status").asText());
            assertEquals("unknown", check(health, "backlog").get("status").asText());
            assertEquals("pass", check(health, "cluster_member").get("status").asText());

            HttpResponse<String> scrape = stopped.get("/metrics");
            assertEquals(200, scrape.statusCode(), scrape.body());
            assertTrue(scrape.body().contains("\ninterlude_supervisor_up 0.0\n"), scrape.body());
            assertFalse(scrape.body().contains("\ninterlude_queue_depth "), "no stale gauge");
        }
    }

    @Test
    void a_research_window_without_a_completion_for_over_an_hour_degrades_the_node() throws Exception {
        try (TestNode evening = TestNode.start(Map.of(), ticking(RESEARCH))) {
            JsonNode health = json(evening.get("/api/v1/health"));
            assertEquals("degraded", health.get("status").asText(), health.toPrettyString());
            JsonNode idle = check(health, "research_window_completion");
            assertEquals("warn", idle.get("status").asText());
            assertTrue(idle.get("value").asLong() >= 7_200, idle.toString());
            assertEquals(3_600, idle.get("threshold").asLong());
            assertTrue(idle.get("detail").asText().startsWith("no run has ended since the research window started"),
                    idle.toString());

            evening.node.requestRun("quick_report", Map.of(), "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
            TestProbe<Object> probe = evening.kit.createTestProbe();
            probe.awaitAssert(Duration.ofSeconds(10), () -> {
                JsonNode now = check(json(evening.get("/api/v1/health")), "research_window_completion");
                assertEquals("pass", now.get("status").asText(), now.toString());
                assertTrue(now.get("detail").asText().startsWith("the last run ended"), now.toString());
                return null;
            });
            assertTrue(scrapedFrom(evening, "interlude_window_utilization_ratio") > 0);
        }
    }

    /** Asserts the node is not ready (saying {@code why}) and unhealthy with {@code failing} failed; its verdict. */
    private static JsonNode notReadyAndUnhealthy(TestNode node, String why, String failing) throws Exception {
        assertProblem(node.get("/health/ready"), 503, why);
        HttpResponse<String> response = node.get("/api/v1/health");
        assertEquals(503, response.statusCode(), response.body());
        JsonNode health = json(response);
        assertEquals("unhealthy", health.get("status").asText());
        assertEquals("fail", check(health, failing).get("status").asText());
        return health;
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    private double scraped(String series) {
        return scrapedFrom(node, series);
    }

    private static double scrapedFrom(TestNode node, String series) {
        String body = node.get("/metrics").body();
        return body.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + series + " in\n" + body));
    }
}
