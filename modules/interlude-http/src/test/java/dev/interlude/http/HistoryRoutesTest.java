package dev.interlude.http;

import static dev.interlude.http.ControlRoutesTest.assertProblem;
import static dev.interlude.http.ControlRoutesTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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

/** {@code GET /api/v1/runs} on a node whose supervisor runs {@code quick_report} for real. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryRoutesTest {

    private TestNode node;
    private final List<String> requested = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start();
        for (int i = 0; i < 3; i++) {
            requestAndWait();
        }
    }

    @AfterAll
    void stop() {
        node.close();
    }

    /** Requests a run of quick_report and waits until the history shows it succeeded. */
    private void requestAndWait() throws Exception {
        node.node.requestRun("quick_report", Map.of(), "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        requested.add("quick_report");
        TestProbe<Object> probe = node.kit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            long succeeded = quickReports().stream().filter(r -> r.get("status").asText().equals("succeeded"))
                    .count();
            assertEquals(requested.size(), succeeded);
            return null;
        });
    }

    private List<JsonNode> quickReports() throws Exception {
        HttpResponse<String> response = node.get("/api/v1/runs?task=quick_report&limit=1000");
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> runs = new ArrayList<>();
        json(response).get("runs").forEach(runs::add);
        return runs;
    }

    @Test
    void the_history_has_every_attempt_newest_first_with_its_outcome() throws Exception {
        requestAndWait();
        List<JsonNode> runs = quickReports();
        assertTrue(runs.size() >= 4, runs.toString());
        JsonNode newest = runs.get(0);
        assertEquals("quick_report", newest.get("task").asText());
        assertEquals("succeeded", newest.get("status").asText());
        assertEquals(1, newest.get("attempt").asInt());
        assertTrue(newest.get("runId").asText().startsWith("quick_report-"), newest.toString());
        assertTrue(newest.get("durationMs").asLong() >= 150, newest.toString());
        Instant started = Instant.parse(newest.get("startedAt").asText());
        Instant ended = Instant.parse(newest.get("endedAt").asText());
        assertEquals(newest.get("durationMs").asLong(), Duration.between(started, ended).toMillis());
        for (int i = 1; i < runs.size(); i++) {
            Instant before = Instant.parse(runs.get(i).get("startedAt").asText());
            assertTrue(!before.isAfter(Instant.parse(runs.get(i - 1).get("startedAt").asText())),
                    "newest first: " + runs);
        }
    }

    @Test
    void a_history_started_later_reads_what_the_journal_has_then_follows_it() throws Exception {
        RunHistory later = new RunHistory(100).follow(node.kit.system(), node.node.journal());
        TestProbe<Object> probe = node.kit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            assertTrue(later.caughtUp());
            assertEquals(node.node.monitoring().history().lastSequenceNr(), later.lastSequenceNr());
            return null;
        });
        List<RunHistory.Attempt> read = later.page(new RunHistory.Query(Instant.EPOCH,
                Optional.of("quick_report"), Optional.empty(), 100,
                OptionalLong.empty())).attempts();
        assertTrue(read.size() >= 3, read.toString());
        requestAndWait();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            assertEquals(read.size() + 1, later.page(new RunHistory.Query(Instant.EPOCH,
                    Optional.of("quick_report"), Optional.of(RunHistory.Status.SUCCEEDED), 100,
                    OptionalLong.empty())).attempts().size());
            return null;
        });
    }

    @Test
    void pages_follow_one_another_by_cursor() throws Exception {
        List<String> all = new ArrayList<>();
        quickReports().forEach(r -> all.add(r.get("runId").asText()));
        List<String> paged = new ArrayList<>();
        String path = "/api/v1/runs?task=quick_report&limit=2";
        int pages = 0;
        while (path != null) {
            JsonNode page = json(node.get(path));
            page.get("runs").forEach(r -> paged.add(r.get("runId").asText()));
            assertTrue(page.get("runs").size() <= 2, page.toString());
            pages++;
            JsonNode cursor = page.get("nextCursor");
            path = cursor.isNull() ? null : "/api/v1/runs?task=quick_report&limit=2&cursor=" + cursor.asText();
        }
        assertEquals(all, paged);
        assertEquals(new HashSet<>(paged).size(), paged.size(), "no attempt twice");
        assertEquals((all.size() + 1) / 2, pages);
    }

    @Test
    void filters_by_status_and_time() throws Exception {
        JsonNode failed = json(node.get("/api/v1/runs?task=quick_report&status=failed"));
        assertEquals(0, failed.get("runs").size(), failed.toString());
        JsonNode succeeded = json(node.get("/api/v1/runs?status=SUCCEEDED&task=quick_report"));
        assertTrue(succeeded.get("runs").size() >= 3, succeeded.toString());
        // Since an instant just after the second newest ended: only the newest is active since then.
        Instant since = java.time.OffsetDateTime.parse(succeeded.get("runs").get(1).get("endedAt").asText())
                .toInstant().plusMillis(1);
        JsonNode recent = json(node.get("/api/v1/runs?status=succeeded&task=quick_report&since=" + since));
        assertEquals(1, recent.get("runs").size(), recent.toString());
        assertEquals(succeeded.get("runs").get(0).get("runId"), recent.get("runs").get(0).get("runId"));
        JsonNode lastHour = json(node.get("/api/v1/runs?since=90m&task=quick_report"));
        assertEquals(succeeded.get("runs").size(), lastHour.get("runs").size());
        assertTrue(lastHour.get("since").asText().matches(".*[-+]\\d{2}:\\d{2}"), "in the exchange's offset: "
                + lastHour);
    }

    @Test
    void bad_parameters_are_refused_naming_the_parameter() throws Exception {
        assertProblem(node.get("/api/v1/runs?since=yesterday"), 400, "query parameter \"since\": expected");
        assertProblem(node.get("/api/v1/runs?since=2099-01-01T00:00Z"), 400, "\"since\"");
        assertProblem(node.get("/api/v1/runs?task=no_such_task"), 404, "unknown task \"no_such_task\"");
        assertProblem(node.get("/api/v1/runs?status=done"), 400,
                "expected one of succeeded, failed, abandoned, interrupted, running");
        assertProblem(node.get("/api/v1/runs?limit=0"), 400, "\"limit\": expected a whole number from 1 to 1000");
        assertProblem(node.get("/api/v1/runs?limit=1001"), 400, "\"limit\"");
        assertProblem(node.get("/api/v1/runs?limit=ten"), 400, "\"limit\"");
        assertProblem(node.get("/api/v1/runs?cursor=not-a-cursor"), 400, "\"cursor\"");
        assertProblem(node.get("/api/v1/runs?cursor=" + HistoryRoutes.encodeCursor(5).substring(1)), 400,
                "\"cursor\"");
        assertProblem(node.get("/api/v1/runs?tasks=quick_report"), 400,
                "unknown query parameter \"tasks\"; expected since, task, status, limit, cursor");
    }
}
