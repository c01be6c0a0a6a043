package dev.interlude.http;

import static dev.interlude.http.ControlRoutesTest.assertProblem;
import static dev.interlude.http.ControlRoutesTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code GET /metrics} (Prometheus) and {@code GET /api/v1/metrics} after real runs of {@code quick_report}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsRoutesTest {

    private static final int RUNS = 2;

    private TestNode node;

    @BeforeAll
    void start() throws Exception {
        // Wednesday noon in New York, in market hours: the test node's research task is out of its phase, so
        // nothing is due but what the test asks for, whatever the time of day the test runs at.
        node = TestNode.start(Map.of(), java.time.InstantSource.offset(java.time.InstantSource.system(),
                Duration.between(java.time.Instant.now(), java.time.Instant.parse("2026-11-18T17:00:00Z"))));
        for (int i = 0; i < RUNS; i++) {
            node.node.requestRun("quick_report", Map.of(), "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        TestProbe<Object> probe = node.kit.createTestProbe();
        RunHistory history = node.node.monitoring().history();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            assertEquals(RUNS, history.page(new RunHistory.Query(java.time.Instant.EPOCH, Optional.of("quick_report"),
                    Optional.of(RunHistory.Status.SUCCEEDED), 10, OptionalLong.empty())).attempts().size());
            return null;
        });
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @Test
    void prometheus_scrapes_runs_durations_gauges_and_the_jvm() throws Exception {
        node.node.monitoring().metrics().sseSubscribers().set(2);
        HttpResponse<String> scrape = node.get("/metrics");
        assertEquals(200, scrape.statusCode(), scrape.body());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                scrape.headers().map().toString());
        List<String> lines = Arrays.asList(scrape.body().split("\n"));

        assertEquals(RUNS, value(lines, "interlude_runs_total{outcome=\"succeeded\",task=\"quick_report\"}"));
        assertEquals(RUNS, value(lines, "interlude_run_duration_seconds_count{outcome=\"succeeded\","
                + "task=\"quick_report\"}"));
        assertEquals(0, value(lines, "interlude_run_duration_seconds_bucket{outcome=\"succeeded\","
                + "task=\"quick_report\",le=\"0.1\"}"), "a quick report takes 200 ms");
        assertEquals(RUNS, value(lines, "interlude_run_duration_seconds_bucket{outcome=\"succeeded\","
                + "task=\"quick_report\",le=\"0.5\"}"));
        assertTrue(value(lines, "interlude_journal_write_latency_seconds_count") >= 2 * RUNS,
                "each start and each success was journaled");
        assertEquals(1, value(lines, "interlude_supervisor_up"));
        assertEquals(2, value(lines, "interlude_sse_subscribers"));
        assertEquals(0, value(lines, "interlude_queue_depth"));
        assertEquals(0, value(lines, "interlude_dispatch_stopped"));
        assertTrue(value(lines, "interlude_running_runs") >= 0);
        assertTrue(value(lines, "interlude_blocked_tasks{reason=\"wrong_phase\"}") >= 0);
        assertTrue(value(lines, "interlude_blocked_tasks{reason=\"not_enough_memory\"}") >= 0);
        assertTrue(value(lines, "interlude_journal_last_sequence_number") >= 3 * RUNS);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("jvm_memory_used_bytes{")), "the JVM's metrics");
        assertTrue(lines.contains("# TYPE interlude_runs_total counter"), scrape.body());
    }

    @Test
    void openmetrics_when_the_scraper_asks_for_it() throws Exception {
        HttpResponse<String> scrape = node.get("/metrics", "Accept",
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertEquals(200, scrape.statusCode(), scrape.body());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                scrape.headers().map().toString());
        assertTrue(scrape.body().strip().endsWith("# EOF"));
    }

    @Test
    void the_api_sums_up_throughput_durations_and_errors() throws Exception {
        HttpResponse<String> response = node.get("/api/v1/metrics?since=1h");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(1.0, body.get("hours").asDouble());
        JsonNode quick = body.get("tasks").get("quick_report");
        assertEquals(RUNS, quick.get("succeeded").asInt());
        assertEquals(0.0, quick.get("errorRate").asDouble());
        assertEquals(RUNS, quick.get("throughputPerHour").asDouble());
        assertTrue(quick.get("p50Ms").asLong() >= 150 && quick.get("p95Ms").asLong() >= quick.get("p50Ms").asLong(),
                quick.toString());
        assertTrue(body.get("overall").get("succeeded").asInt() >= RUNS);
        assertTrue(body.get("hourly").size() >= 1 && body.get("hourly").size() <= 2, body.toString());

        JsonNode day = json(node.get("/api/v1/metrics"));
        assertEquals(24.0, day.get("hours").asDouble(), "24 h by default");
    }

    @Test
    void bad_parameters_are_refused() throws Exception {
        assertProblem(node.get("/api/v1/metrics?since=soon"), 400, "query parameter \"since\"");
        assertProblem(node.get("/api/v1/metrics?since=100d"), 400, "at most 90 days back");
        assertProblem(node.get("/api/v1/metrics?task=quick_report"), 400, "unknown query parameter \"task\"");
    }

    /** The value of the sample line that starts with {@code series}. */
    private static double value(List<String> lines, String series) {
        return lines.stream().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).split(" ")[0]))
                .orElseThrow(() -> new AssertionError("no sample " + series + " in\n" + String.join("\n", lines)));
    }
}
