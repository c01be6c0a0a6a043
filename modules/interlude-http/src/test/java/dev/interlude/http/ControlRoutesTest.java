package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interlude.engine.supervisor.SupervisorState;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlRoutesTest {

    private TestNode node;

    @BeforeAll
    void start() {
        node = TestNode.start();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @Test
    void the_node_says_it_is_alive() throws Exception {
        HttpResponse<String> alive = node.get("/health/alive");
        assertEquals(200, alive.statusCode());
        assertEquals("alive", json(alive).get("status").asText());
    }

    @Test
    void stop_and_resume_with_the_token_reach_the_supervisor() throws Exception {
        HttpResponse<String> stopped = node.post("/api/v1/stop", "{\"reason\": \"broker outage\", "
                + "\"cancelRunning\": false}", "Authorization", "Bearer " + TestNode.TOKEN,
                ApiRoutes.OPERATOR_HEADER, "alice");
        assertEquals(200, stopped.statusCode(), stopped.body());
        assertEquals("api (alice)", json(stopped).get("by").asText());
        SupervisorState state = node.node.state().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(state.stopped());
        assertEquals("broker outage", state.stop().orElseThrow().reason());

        HttpResponse<String> resumed = node.postAuthorized("/api/v1/resume", "");
        assertEquals(200, resumed.statusCode(), resumed.body());
        assertFalse(node.node.state().toCompletableFuture().get(5, TimeUnit.SECONDS).stopped());

        // Both are on record in the journal, as the operator's audit trail.
        List<String> journaled = node.node.journal().current(1)
                .runWith(Sink.seq(), node.kit.system()).toCompletableFuture().get(5, TimeUnit.SECONDS).stream()
                .map(j -> j.event().getClass().getSimpleName()).toList();
        assertTrue(journaled.containsAll(List.of("DispatchStopped", "DispatchResumed")), journaled.toString());
    }

    @Test
    void a_mutating_route_without_the_right_token_is_refused_and_changes_nothing() throws Exception {
        HttpResponse<String> none = node.post("/api/v1/stop", "{\"reason\": \"x\"}");
        assertProblem(none, 401, "missing Authorization header");
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                none.headers().map().toString());
        assertProblem(node.post("/api/v1/stop", "{\"reason\": \"x\"}", "Authorization", "Bearer wrong"), 401,
                "not this node's API token");
        assertProblem(node.post("/api/v1/stop", "{\"reason\": \"x\"}", "Authorization", "Basic dXNlcjpwdw=="), 401,
                "Bearer");
        assertFalse(node.node.state().toCompletableFuture().get(5, TimeUnit.SECONDS).stopped());
    }

    @Test
    void bad_bodies_name_the_field() throws Exception {
        assertProblem(node.postAuthorized("/api/v1/stop", "{\"reason\": \"x\", \"cancel\": true}"), 400,
                "unknown field \"cancel\"");
        assertProblem(node.postAuthorized("/api/v1/stop", "{\"reason\": \"x\", \"cancelRunning\": \"yes\"}"), 400,
                "field \"cancelRunning\": expected true or false");
        assertProblem(node.postAuthorized("/api/v1/stop", "{\"cancelRunning\": true}"), 400, "field \"reason\"");
        assertProblem(node.postAuthorized("/api/v1/stop", "{\"reason\": "), 400, "malformed JSON");
        assertProblem(node.postAuthorized("/api/v1/stop", ""), 400, "request body");
    }

    @Test
    void a_body_over_the_limit_is_refused_with_413() throws Exception {
        String huge = "{\"reason\": \"" + "x".repeat(70 * 1024) + "\"}";
        assertProblem(node.postAuthorized("/api/v1/stop", huge), 413, "interlude.http.max-body");
        assertFalse(node.node.state().toCompletableFuture().get(5, TimeUnit.SECONDS).stopped());
    }

    @Test
    void unknown_routes_and_methods_answer_problem_documents() throws Exception {
        assertProblem(node.get("/api/v1/nothing-here"), 404, "");
        assertProblem(node.get("/api/v1/stop"), 405, "POST");
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Api.JSON.readTree(response.body());
    }

    static void assertProblem(HttpResponse<String> response, int status, String detailContains) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""),
                response.body());
        JsonNode problem = json(response);
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.get("detail").asText().contains(detailContains), problem.toString());
    }
}
