package dev.interlude.http;

import static dev.interlude.http.ControlRoutesTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.engine.supervisor.SupervisorState;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Input the API refuses before it acts: deep, malformed or mistyped JSON, out-of-range instants and numbers, query
 * parameters a route does not take. Every refusal is a 400 (413, 415) problem naming what is wrong, and nothing
 * changes on the node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictInputTest {

    private static final String AUTH = "Bearer " + TestNode.TOKEN;
    /** 30 KB of {"a":{"a":...}}, 5,000 deep: it used to overflow the catalog parser's stack and end the JVM. */
    private static final String DEEP = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);

    private TestNode node;
    private SupervisorState before;

    @BeforeAll
    void start() {
        node = TestNode.start();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @BeforeEach
    void remember() {
        before = node.state();
    }

    // ---- issue 10, item 4: no body can end the node ----

    @Test
    void a_task_definition_nested_5000_deep_is_refused_and_the_node_keeps_serving() throws Exception {
        assertTrue(DEEP.length() > 30_000);
        assertProblem(node.put("/api/v1/tasks/x", DEEP, "Authorization", AUTH), 400,
                "nests objects and arrays deeper than the 32 levels this node accepts (interlude.http.max-json-depth)");
        assertProblem(node.put("/api/v1/tasks/x", "[".repeat(60_000), "Authorization", AUTH), 400,
                "deeper than the 32 levels");
        assertEquals(200, node.get("/health/alive").statusCode());
        assertUnchanged();
    }

    @Test
    void deep_json_to_stop_and_run_is_refused() throws Exception {
        assertProblem(node.postAuthorized("/api/v1/stop", DEEP), 400, "interlude.http.max-json-depth");
        assertProblem(node.postAuthorized("/api/v1/tasks/quick_report/run", DEEP), 400,
                "interlude.http.max-json-depth");
        assertProblem(node.postAuthorized("/api/v1/tasks/quick_report/run", "{\"parameters\": {\"a\": " + "[".repeat(40)
                + "\"x\"" + "]".repeat(40) + "}}"), 400, "interlude.http.max-json-depth");
        assertUnchanged();
    }

    // ---- item 5: bad input is a 400 naming the field, never a 500 ----

    @Test
    void a_null_body_to_stop_or_run_is_a_400() throws Exception {
        assertProblem(node.postAuthorized("/api/v1/stop", "null"), 400,
                "expected a JSON object as the request body, got null");
        assertProblem(node.postAuthorized("/api/v1/tasks/quick_report/run", "null"), 400,
                "expected a JSON object as the request body, got null");
        assertProblem(node.put("/api/v1/tasks/x", "null", "Authorization", AUTH), 400, "got null");
        assertUnchanged();
    }

    @Test
    void instants_and_dates_out_of_range_are_refused_naming_the_parameter() throws Exception {
        for (String at : List.of("-999999999-01-01T00:00Z", "%2B999999999-12-31T23:59Z", "1899-12-31T23:59Z",
                "2200-01-01T00:00Z", "-999999999-01-01T00:00")) {
            assertProblem(node.get("/api/v1/budget?at=" + at), 400,
                    "query parameter \"at\": expected an instant from 1900-01-01 to 2199-12-31");
        }
        assertEquals(200, node.get("/api/v1/budget?at=1900-01-01T00:00Z").statusCode());
        assertEquals(200, node.get("/api/v1/budget?at=2199-12-31T23:59Z").statusCode());
        assertProblem(node.get("/api/v1/calendar?from=%2B999999999-12-31&to=%2B999999999-12-31"), 400,
                "query parameter \"from\": expected a date from 1900-01-01 to 2199-12-31");
        assertProblem(node.get("/api/v1/calendar?from=2026-01-01&to=-999999999-01-01"), 400,
                "query parameter \"to\": expected a date from 1900-01-01 to 2199-12-31");
        assertEquals(200, node.get("/api/v1/calendar?from=2199-01-01&to=2199-12-31").statusCode());
        assertEquals(200, node.get("/api/v1/calendar?from=1900-01-01&to=1900-12-31").statusCode());
        for (String since : List.of("-999999999-01-01T00:00Z", "%2B999999999-12-31T23:59Z", "999999999w",
                "PT9999999999999999H", "P999999999D", "-999999999-01-01T00:00")) {
            assertProblem(node.get("/api/v1/runs?since=" + since), 400, "query parameter \"since\"");
            assertProblem(node.get("/api/v1/metrics?since=" + since), 400, "query parameter \"since\"");
        }
        for (String hours : List.of("1e999999999", "-1", "0", "NaN", "Infinity", "745", "99999999999999999999")) {
            assertProblem(node.get("/api/v1/plan?hours=" + hours), 400, "query parameter \"hours\"");
        }
        for (String limit : List.of("99999999999", "-1", "1e3", "0x10")) {
            assertProblem(node.get("/api/v1/runs?limit=" + limit), 400, "query parameter \"limit\"");
        }
        for (String cursor : List.of("before:99999999999999999999", "before:-5", "before:0", "after:5")) {
            assertProblem(node.get("/api/v1/runs?cursor=" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(cursor.getBytes(StandardCharsets.UTF_8))), 400, "query parameter \"cursor\"");
        }
        assertProblem(node.get("/api/v1/events", EventRoutes.LAST_EVENT_ID, "9".repeat(19)), 400,
                EventRoutes.LAST_EVENT_ID);
    }

    // ---- item 6: wrong types, trailing data, duplicate keys, non-objects: refused, nothing changes ----

    @Test
    void a_stop_with_a_reason_of_the_wrong_type_or_trailing_data_does_not_stop_dispatch() throws Exception {
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("{\"reason\": 5}", "field \"reason\": expected a string, got a number");
        refusals.put("{\"reason\": true}", "field \"reason\": expected a string, got true");
        refusals.put("{\"reason\": [\"x\"]}", "field \"reason\": expected a string");
        refusals.put("{\"reason\": \"ok\", \"cancelRunning\": \"true\"}",
                "field \"cancelRunning\": expected true or false, got a string");
        refusals.put("{\"reason\": \"ok\", \"cancelRunning\": null}", "field \"cancelRunning\": null is not a value");
        refusals.put("{\"reason\":\"ok\"}garbage", "malformed JSON at line 1, column 16");
        refusals.put("{\"reason\":\"ok\"}{}", "malformed JSON");
        refusals.put("{\"reason\":\"ok\",\"reason\":\"again\"}", "Duplicate field 'reason'");
        for (String notAnObject : List.of("[{\"reason\": \"ok\"}]", "\"ok\"", "5", "true")) {
            refusals.put(notAnObject, "expected a JSON object as the request body");
        }
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            assertProblem(node.postAuthorized("/api/v1/stop", refusal.getKey()), 400, refusal.getValue());
        }
        assertFalse(node.state().stopped());
        assertUnchanged();
    }

    @Test
    void a_run_with_mistyped_or_duplicated_parameters_is_not_queued() throws Exception {
        for (String body : List.of("{\"parameters\": {\"desk\": 5}}", "{\"parameters\": \"desk\"}",
                "{\"parameters\": null}", "{\"parameters\": {\"desk\": \"a\", \"desk\": \"b\"}}",
                "{\"parameters\": {}} x", "[]", "{\"parameters\": {\"desk\": [\"rates\"]}}")) {
            HttpResponse<String> refused = node.postAuthorized("/api/v1/tasks/quick_report/run", body);
            assertProblem(refused, 400, "");
            assertTrue(ControlRoutesTest.json(refused).get("detail").asText().matches(
                    ".*(field \"parameters|malformed JSON|JSON object).*"), refused.body());
        }
        assertProblem(node.put("/api/v1/tasks/x", "{\"priority\": \"LOW\", \"priority\": \"HIGH\"}", "Authorization",
                AUTH), 400, "Duplicate field 'priority'");
        assertProblem(node.put("/api/v1/tasks/x", "{\"priority\": \"LOW\"} trailing", "Authorization", AUTH), 400,
                "malformed JSON");
        assertUnchanged();
    }

    @Test
    void a_body_that_is_not_application_json_is_refused_with_415() throws Exception {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
            HttpResponse<String> refused = node.send(HttpRequest.newBuilder(node.base.resolve("/api/v1/stop"))
                    .header("Content-Type", type).header("Authorization", AUTH)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"ok\"}")));
            assertProblem(refused, 415, "Content-Type: expected application/json for the request body, got " + type);
        }
        assertFalse(node.state().stopped());
        assertUnchanged();
    }

    @Test
    void routes_that_take_no_body_refuse_one() throws Exception {
        for (String path : List.of("/api/v1/resume", "/api/v1/approvals/risky_model/approve",
                "/api/v1/approvals/risky_model/deny", "/api/v1/tasks/quick_report/disable",
                "/api/v1/tasks/retired_export/enable")) {
            assertProblem(node.postAuthorized(path, "{\"reason\": \"x\"}"), 400,
                    "this route takes no request body");
        }
        HttpResponse<String> delete = node.send(HttpRequest.newBuilder(node.base.resolve("/api/v1/tasks/quick_report"))
                .header("Authorization", AUTH).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{}")));
        assertProblem(delete, 400, "this route takes no request body");
        assertUnchanged();
    }

    // ---- item 7: unknown, repeated and empty query parameters ----

    @Test
    void every_route_refuses_an_unknown_query_parameter_naming_it() throws Exception {
        for (String path : List.of("/", "/dashboard", "/health/alive", "/health/ready", "/metrics",
                "/api/v1/status", "/api/v1/queue", "/api/v1/approvals", "/api/v1/calendar", "/api/v1/budget",
                "/api/v1/plan", "/api/v1/runs", "/api/v1/metrics", "/api/v1/health", "/api/v1/tasks",
                "/api/v1/tasks/quick_report", "/api/v1/events")) {
            assertProblem(node.get(path + "?bogus=1"), 400, "unknown query parameter \"bogus\"");
        }
        for (String path : List.of("/api/v1/stop", "/api/v1/resume", "/api/v1/approvals/risky_model/approve",
                "/api/v1/approvals/risky_model/deny", "/api/v1/tasks/quick_report/run",
                "/api/v1/tasks/quick_report/enable", "/api/v1/tasks/quick_report/disable")) {
            assertProblem(node.postAuthorized(path + "?bogus=1", ""), 400,
                    "unknown query parameter \"bogus\"; this route takes none");
        }
        assertProblem(node.put("/api/v1/tasks/x?bogus=1", "{}", "Authorization", AUTH), 400, "\"bogus\"");
        assertProblem(node.delete("/api/v1/tasks/quick_report?bogus=1", "Authorization", AUTH), 400, "\"bogus\"");
        assertProblem(node.get("/api/v1/runs?tasks=quick_report&zzz=1"), 400,
                "unknown query parameter \"tasks\", \"zzz\"; expected since, task, status, limit, cursor");
        assertUnchanged();
    }

    @Test
    void a_repeated_or_empty_query_parameter_is_refused_naming_it() throws Exception {
        assertProblem(node.get("/api/v1/plan?hours=24&hours=1"), 400,
                "query parameter \"hours\" given more than once");
        assertProblem(node.get("/api/v1/runs?limit=5&limit=5"), 400, "query parameter \"limit\" given more than once");
        assertProblem(node.get("/api/v1/events?types=alert&types=run.failed"), 400, "\"types\" given more than once");
        assertProblem(node.get("/api/v1/events?types="), 400, "query parameter \"types\" is empty");
        assertProblem(node.get("/api/v1/events?types=alert,,run.failed"), 400, "with none empty");
        assertProblem(node.get("/api/v1/queue?all"), 400, "query parameter \"all\" is empty");
        assertProblem(node.get("/api/v1/queue?all=yes"), 400, "query parameter \"all\": expected true or false");
        assertProblem(node.get("/api/v1/budget?at=%20"), 400, "query parameter \"at\" is empty");
        assertProblem(node.get("/api/v1/calendar?from=&to=2026-12-31"), 400, "query parameter \"from\" is empty");
        assertProblem(node.get("/api/v1/runs?since=24h&cursor="), 400, "query parameter \"cursor\" is empty");
    }

    private void assertUnchanged() {
        SupervisorState after = node.state();
        assertEquals(before.catalogChanges(), after.catalogChanges());
        assertEquals(before.stop(), after.stop());
        assertEquals(before.approvals(), after.approvals());
        assertEquals(before.denials(), after.denials());
        assertEquals(before.requests().keySet(), after.requests().keySet());
    }
}
