package dev.interlude.http;

import static dev.interlude.http.ControlRoutesTest.assertProblem;
import static dev.interlude.http.ControlRoutesTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorState;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The REST API on a node whose clock starts on a Saturday noon, in the weekend research window. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestRoutesTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private TestNode node;

    @BeforeAll
    void start() {
        node = TestNode.startAt(TestNode.SATURDAY_NOON);
        // The weekend's research task starts on the node's first decision and runs its 3 h estimate.
        awaitState(s -> running(s, "nightly_backtest"));
    }

    @AfterAll
    void stop() {
        node.close();
    }

    // ---- status ----

    @Test
    void status_tells_the_mode_the_research_budget_and_the_runs_in_flight() throws Exception {
        HttpResponse<String> response = node.get("/api/v1/status");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode status = json(response);
        assertEquals("RESEARCH", status.get("mode").asText());
        assertEquals("WEEKEND", status.get("phase").asText());
        JsonNode research = status.get("research");
        assertEquals("2026-11-20T18:00-05:00", research.get("start").asText());
        assertEquals("2026-11-23T08:00-05:00", research.get("end").asText());
        assertEquals("weekend", research.get("budgetType").asText());
        assertEquals(62.0, research.get("totalHours").asDouble());
        assertTrue(research.get("remainingHours").asDouble() <= 44.0, research.toString());
        assertTrue(research.get("busyHours").isNumber(), research.toString());
        JsonNode backtest = runningEntry(status, "nightly_backtest");
        assertEquals(1, backtest.get("attempt").asInt());
        assertEquals(Duration.ofHours(3), Duration.between(time(backtest.get("startedAt")),
                time(backtest.get("estimatedEnd"))));
        assertFalse(status.get("stopped").asBoolean());
        assertTrue(status.get("stop").isNull());
        assertTrue(List.of("healthy", "degraded", "unhealthy").contains(status.path("health").asText()), status.toString());
        assertProblem(node.get("/api/v1/status?verbose=true"), 400, "unknown query parameter \"verbose\"");
        assertProblem(node.post("/api/v1/status", "{}"), 405, "GET");
    }

    @Test
    void a_run_asked_for_over_the_api_shows_in_status_while_it_runs_then_completes() throws Exception {
        TestProbe<StatusEvent> feed = node.kit.createTestProbe();
        node.node.statusHub().tell(new StatusHub.Subscribe(feed.getRef(), Optional.empty()));
        HttpResponse<String> queued = node.post("/api/v1/tasks/slow_report/run",
                "{\"parameters\": {\"desk\": \"rates\"}}", "Authorization", "Bearer " + TestNode.TOKEN,
                ApiRoutes.OPERATOR_HEADER, "alice");
        assertEquals(202, queued.statusCode(), queued.body());
        String requestId = json(queued).get("requestId").asText();
        assertTrue(requestId.startsWith("req-"), requestId);
        assertEquals("slow_report", json(queued).get("task").asText());

        fish(feed, "run_started", "slow_report");
        JsonNode running = runningEntry(json(node.get("/api/v1/status")), "slow_report");
        assertEquals(1, running.get("attempt").asInt());
        String runId = running.get("runId").asText();
        assertEquals(Duration.ofSeconds(2), Duration.between(time(running.get("startedAt")),
                time(running.get("estimatedEnd"))));

        fish(feed, "run_succeeded", "slow_report");
        JsonNode after = json(node.get("/api/v1/status"));
        for (JsonNode run : after.get("running")) {
            assertFalse(run.get("runId").asText().equals(runId), after.toString());
        }
        // The request is on record with the operator and the parameters.
        SupervisorEvent.RunQueued asked = journal().stream()
                .filter(e -> e instanceof SupervisorEvent.RunQueued q && q.requestId().equals(requestId))
                .map(e -> (SupervisorEvent.RunQueued) e).findFirst().orElseThrow();
        assertEquals(Map.of("desk", "rates"), asked.parameters());
        assertEquals("api (alice)", asked.requestedBy());
        assertTrue(node.state().completions().stream().anyMatch(c -> c.runId().equals(runId) && c.succeeded()));
    }

    @Test
    void asking_for_a_run_needs_the_token_a_known_enabled_task_and_string_parameters() throws Exception {
        assertProblem(node.post("/api/v1/tasks/slow_report/run", ""), 401, "missing Authorization header");
        assertProblem(node.post("/api/v1/tasks/slow_report/run", "", "Authorization", "Bearer nope"), 401,
                "not this node's API token");
        assertProblem(node.postAuthorized("/api/v1/tasks/no_such_task/run", ""), 404,
                "unknown task \"no_such_task\"");
        assertProblem(node.postAuthorized("/api/v1/tasks/retired_export/run", ""), 409,
                "task \"retired_export\" is disabled");
        assertProblem(node.postAuthorized("/api/v1/tasks/slow_report/run", "{\"parameters\": {\"n\": 3}}"), 400,
                "field \"parameters.n\": expected a string");
        assertProblem(node.postAuthorized("/api/v1/tasks/slow_report/run", "{\"params\": {}}"), 400,
                "unknown field \"params\"");
        assertProblem(node.postAuthorized("/api/v1/tasks/slow_report/run", "{\"parameters\": [\"a\"]}"), 400,
                "field \"parameters\": expected an object");
        assertProblem(node.postAuthorized("/api/v1/tasks/slow_report/run", "{\"parameters\": "), 400,
                "malformed JSON");
        assertProblem(node.get("/api/v1/tasks/slow_report/run"), 405, "POST");
        assertTrue(node.state().requests().values().stream().noneMatch(r -> r.taskName().equals("retired_export")));
    }

    @Test
    void status_says_who_stopped_dispatch_and_why() throws Exception {
        assertEquals(200, node.postAuthorized("/api/v1/stop", "{\"reason\": \"broker outage\"}").statusCode());
        try {
            JsonNode status = json(node.get("/api/v1/status"));
            assertTrue(status.get("stopped").asBoolean());
            assertEquals("broker outage", status.get("stop").get("reason").asText());
            assertEquals("api", status.get("stop").get("by").asText());
            assertNotNull(time(status.get("stop").get("at")));
        } finally {
            assertEquals(200, node.postAuthorized("/api/v1/resume", "").statusCode());
        }
        assertFalse(json(node.get("/api/v1/status")).get("stopped").asBoolean());
    }

    // ---- approvals ----

    @Test
    void approvals_list_what_waits_and_approve_and_deny_reach_the_supervisor() throws Exception {
        assertEquals(202, node.postAuthorized("/api/v1/tasks/risky_model/run", "").statusCode());
        awaitState(s -> s.awaiting().containsKey("risky_model"));
        JsonNode approvals = json(node.get("/api/v1/approvals"));
        JsonNode awaiting = entry(approvals.get("awaiting"), "risky_model");
        assertTrue(awaiting.get("reason").asText().contains("requires approval"), awaiting.toString());
        assertEquals("2026-11-23T08:00-05:00", awaiting.get("expiresAt").asText());

        assertProblem(node.post("/api/v1/approvals/risky_model/approve", ""), 401, "Authorization");
        assertFalse(node.state().approvals().containsKey("risky_model"));

        HttpResponse<String> approved = node.postAuthorized("/api/v1/approvals/risky_model/approve", "");
        assertEquals(200, approved.statusCode(), approved.body());
        assertEquals("approved", json(approved).get("decision").asText());
        assertEquals("2026-11-23T08:00-05:00", json(approved).get("until").asText());
        SupervisorState state = node.state();
        assertTrue(state.approvals().containsKey("risky_model"));
        assertFalse(state.awaiting().containsKey("risky_model"));
        assertEquals("2026-11-23T08:00-05:00",
                entry(json(node.get("/api/v1/approvals")).get("approved"), "risky_model").get("until").asText());

        HttpResponse<String> denied = node.postAuthorized("/api/v1/approvals/risky_model/deny", "");
        assertEquals(200, denied.statusCode(), denied.body());
        assertEquals("denied", json(denied).get("decision").asText());
        state = node.state();
        assertTrue(state.denials().containsKey("risky_model"));
        assertFalse(state.approvals().containsKey("risky_model"));
        JsonNode after = json(node.get("/api/v1/approvals"));
        assertNotNull(entry(after.get("denied"), "risky_model"));
        assertTrue(after.get("approved").isEmpty(), after.toString());

        assertProblem(node.postAuthorized("/api/v1/approvals/no_such_task/approve", ""), 404,
                "unknown task \"no_such_task\"");
        assertProblem(node.postAuthorized("/api/v1/approvals/no_such_task/deny", ""), 404,
                "unknown task \"no_such_task\"");
        assertProblem(node.get("/api/v1/approvals/risky_model/approve"), 405, "POST");
    }

    // ---- queue ----

    @Test
    void the_queue_says_why_each_task_waits_and_when_the_forecast_starts_it() throws Exception {
        assertEquals(202, node.postAuthorized("/api/v1/tasks/after_backtest/run", "").statusCode());
        awaitState(s -> s.requests().values().stream().anyMatch(r -> r.taskName().equals("after_backtest")));
        HttpResponse<String> response = node.get("/api/v1/queue");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode queue = json(response);
        assertEquals("WEEKEND", queue.get("phase").asText());
        OffsetDateTime from = time(queue.get("forecast").get("from"));
        assertEquals(Duration.ofHours(24), Duration.between(from, time(queue.get("forecast").get("to"))));

        JsonNode waiting = entry(queue.get("blocked"), "after_backtest");
        assertEquals("conflict_running", waiting.get("reason").asText());
        assertEquals("conflicts with nightly_backtest, which is running", waiting.get("detail").asText());
        assertEquals("LOW", waiting.get("priority").asText());
        assertEquals("LOW", waiting.get("effectivePriority").asText());
        assertEquals(33, waiting.get("score").asInt());
        assertTrue(waiting.get("waitSeconds").asLong() >= 0, waiting.toString());
        assertNotNull(time(waiting.get("waitingSince")));
        // The forecast carries on from the live state: the backtest in flight holds the conflict for its 3 h.
        OffsetDateTime start = time(waiting.get("estimatedStart"));
        Duration after = Duration.between(from, start);
        assertTrue(after.compareTo(Duration.ofMinutes(179)) >= 0 && after.compareTo(Duration.ofMinutes(181)) <= 0,
                "starts " + after + " after the forecast's start");
        assertEquals(Duration.ofMinutes(30), Duration.between(start, time(waiting.get("estimatedCompletion"))));

        List<String> listed = tasks(queue.get("blocked"));
        assertFalse(listed.contains("quick_report"), "a manual task nobody asked for is not waiting: " + listed);
        List<String> all = tasks(json(node.get("/api/v1/queue?all=true")).get("blocked"));
        assertTrue(all.containsAll(List.of("quick_report", "retired_export", "after_backtest")), all.toString());

        assertProblem(node.get("/api/v1/queue?all=yes"), 400, "query parameter \"all\": expected true or false");
        assertProblem(node.get("/api/v1/queue?everything=true"), 400,
                "unknown query parameter \"everything\"; expected all");
    }

    // ---- calendar, budget, forecast ----

    @Test
    void the_calendar_lists_closures_and_early_closes_and_refuses_bad_ranges() throws Exception {
        HttpResponse<String> response = node.get("/api/v1/calendar?from=2026-11-23&to=2026-11-30");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode days = json(response);
        assertEquals(2, days.size(), days.toString());
        assertEquals("2026-11-26", days.get(0).get("date").asText());
        assertEquals("closed", days.get(0).get("status").asText());
        assertEquals("", days.get(0).get("close").asText());
        assertEquals("Thanksgiving Day", days.get(0).get("reason").asText());
        assertEquals("early_close", days.get(1).get("status").asText());
        assertEquals("13:00", days.get(1).get("close").asText());
        assertEquals(200, node.get("/api/v1/calendar?from=2024-01-01&to=2025-01-01").statusCode());

        assertProblem(node.get("/api/v1/calendar?from=11/23/2026&to=2026-11-30"), 400,
                "query parameter \"from\": expected a date such as 2026-11-27, got \"11/23/2026\"");
        assertProblem(node.get("/api/v1/calendar?from=2026-11-23"), 400, "query parameter \"to\": required");
        assertProblem(node.get("/api/v1/calendar?from=2026-11-30&to=2026-11-23"), 400,
                "query parameter \"to\": must not be before");
        assertProblem(node.get("/api/v1/calendar?from=2026-01-01&to=2027-01-03"), 400,
                "query parameter \"to\": must be at most 366 days after \"from\" (2027-01-02 at the latest)");
    }

    @Test
    void the_budget_is_the_json_of_interlude_budget() throws Exception {
        HttpResponse<String> response = node.get("/api/v1/budget?at=2026-11-28T12:00-05:00");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode budget = json(response);
        assertEquals("2026-11-28T12:00-05:00", budget.get("at").asText());
        assertEquals("WEEKEND", budget.get("phase").asText());
        assertEquals("2026-11-27T15:00-05:00", budget.get("research").get("start").asText());
        assertEquals(65.0, budget.get("research").get("totalHours").asDouble());
        assertEquals(44.0, budget.get("research").get("remainingHours").asDouble());
        assertEquals(Api.JSON.writeValueAsString(BudgetJson.at(node.node.windows(), node.node.windows().zone(),
                time(budget.get("at")).toInstant())), response.body());

        JsonNode now = json(node.get("/api/v1/budget"));
        assertEquals("WEEKEND", now.get("phase").asText());
        assertEquals("2026-11-23T08:00-05:00", now.get("research").get("end").asText());

        assertProblem(node.get("/api/v1/budget?at=tomorrow"), 400, "query parameter \"at\": expected \"now\" or an "
                + "ISO-8601 instant such as 2026-11-18T20:00-05:00 (or 2026-11-18T20:00 in America/New_York), "
                + "got \"tomorrow\"");
    }

    @Test
    void the_plan_forecasts_from_the_live_state() throws Exception {
        assertEquals(202, node.postAuthorized("/api/v1/tasks/after_backtest/run", "").statusCode());
        HttpResponse<String> response = node.get("/api/v1/plan?hours=4");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode plan = json(response);
        OffsetDateTime from = time(plan.get("from"));
        assertEquals(Duration.ofHours(4), Duration.between(from, time(plan.get("to"))));
        assertEquals("XNYS", plan.get("calendar").asText());
        assertEquals(16384, plan.get("memoryMb").asInt());
        assertEquals("weekend", plan.get("windows").get(0).get("budgetType").asText());
        // The request waiting on the node is in the forecast, after the backtest in flight.
        JsonNode afterBacktest = entry(plan.get("runs"), "after_backtest");
        Duration after = Duration.between(from, time(afterBacktest.get("start")));
        assertTrue(after.compareTo(Duration.ofMinutes(179)) >= 0 && after.compareTo(Duration.ofMinutes(181)) <= 0,
                "starts " + after + " after the forecast's start");

        assertProblem(node.get("/api/v1/plan?hours=0"), 400, "query parameter \"hours\": expected a number of hours "
                + "above 0 and at most 744");
        assertProblem(node.get("/api/v1/plan?hours=745"), 400, "query parameter \"hours\"");
        assertProblem(node.get("/api/v1/plan?hours=soon"), 400, "got \"soon\"");
    }

    @Test
    void reads_can_require_the_token() throws Exception {
        try (TestNode closed = TestNode.start(Map.of("reads-require-token", true))) {
            assertProblem(closed.get("/api/v1/status"), 401, "missing Authorization header");
            assertProblem(closed.get("/api/v1/calendar?from=2026-11-23&to=2026-11-30"), 401, "Authorization");
            assertEquals(200, closed.get("/api/v1/budget", "Authorization", "Bearer " + TestNode.TOKEN)
                    .statusCode());
        }
    }

    // ---- helpers ----

    private void awaitState(Predicate<SupervisorState> condition) {
        node.kit.createTestProbe().awaitAssert(WAIT, () -> {
            assertTrue(condition.test(node.state()), "the supervisor's state did not get there");
            return null;
        });
    }

    private static boolean running(SupervisorState state, String task) {
        return state.running().values().stream().anyMatch(r -> r.task().equals(task));
    }

    private static void fish(TestProbe<StatusEvent> feed, String type, String task) {
        feed.fishForMessage(WAIT, e -> e.type().equals(type) && e.task().equals(Optional.of(task))
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    }

    private List<SupervisorEvent> journal() throws Exception {
        List<SupervisorEvent> events = new ArrayList<>();
        node.node.journal().current(1).runWith(Sink.seq(), node.kit.system()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).forEach(j -> events.add(j.event()));
        return events;
    }

    private static JsonNode runningEntry(JsonNode status, String task) {
        return entry(status.get("running"), task);
    }

    /** The first element of {@code array} about {@code task}. */
    private static JsonNode entry(JsonNode array, String task) {
        for (JsonNode element : array) {
            if (element.get("task").asText().equals(task)) {
                return element;
            }
        }
        throw new AssertionError("no " + task + " in " + array);
    }

    private static List<String> tasks(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(e -> names.add(e.get("task").asText()));
        return names;
    }

    private static OffsetDateTime time(JsonNode text) {
        assertFalse(text == null || text.isNull(), "expected an instant, got " + text);
        return OffsetDateTime.parse(text.asText());
    }
}
