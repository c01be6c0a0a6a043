package dev.interlude.http;

import static dev.interlude.http.ControlRoutesTest.assertProblem;
import static dev.interlude.http.ControlRoutesTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorState;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code /api/v1/tasks}: the catalog the supervisor plans with, read and changed over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskRoutesTest {

    /**
     * Three tasks over the test node's own: one others depend on, one calling an HTTP endpoint with secrets, one
     * running a command.
     */
    static final String CATALOG = """
            task-defaults { category = desk }
            tasks {
              reconcile {
                priority = HIGH
                phases = [POST_MARKET]
                trigger { type = manual }
                handler { type = simulated }
              }
              pnl {
                description = "Daily P&L"
                priority = HIGH
                phases = [POST_MARKET]
                trigger { type = daily, at = "18:30" }
                dependencies = [reconcile]
                handler {
                  type = http
                  method = POST
                  url = "https://desk:pw-s3cret@broker.test/pnl?key=s3cret-query"
                  headers { Authorization = "Bearer s3cret-header" }
                  body = "{\\"token\\": \\"s3cret-body\\"}"
                }
              }
              cleanup {
                priority = LOW
                modes = [RESEARCH]
                trigger { type = manual }
                handler { type = command, argv = ["/bin/true"], env { API_KEY = "s3cret-env" } }
              }
            }
            """;

    /** A task an operator defines: a registered Java handler, after pnl, in research windows. */
    static final String ARCHIVE = """
            {"description": "Archive the day", "priority": "MEDIUM", "modes": ["RESEARCH"],
             "trigger": {"type": "manual"}, "dependencies": ["pnl"], "estimated-duration": "20m",
             "handler": {"type": "java", "name": "backup", "settings": {"bucket": "s3cret-setting"}}}
            """;

    private TestNode node;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of(), CATALOG);
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private HttpResponse<String> put(String task, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + TestNode.TOKEN));
        all.addAll(List.of(headers));
        return node.put("/api/v1/tasks/" + task, body, all.toArray(String[]::new));
    }

    private SupervisorState state() throws Exception {
        return node.node.state().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static JsonNode task(JsonNode list, String name) {
        for (JsonNode t : list.get("tasks")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no task " + name + " in " + list);
    }

    @Test
    void lists_every_task_with_what_an_operator_scans_for_and_no_secret() throws Exception {
        HttpResponse<String> response = node.get("/api/v1/tasks");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode list = json(response);
        List<String> names = new ArrayList<>();
        list.get("tasks").forEach(t -> names.add(t.get("name").asText()));
        assertTrue(names.containsAll(List.of("reconcile", "pnl", "cleanup", "quick_report")), names.toString());
        JsonNode pnl = task(list, "pnl");
        assertEquals("Daily P&L", pnl.get("description").asText());
        assertEquals("desk", pnl.get("category").asText(), "the file's task-defaults");
        assertEquals("HIGH", pnl.get("priority").asText());
        assertEquals("[\"POST_MARKET\"]", pnl.get("phases").toString());
        assertEquals("daily at 18:30 (America/New_York)", pnl.get("trigger").asText());
        assertTrue(pnl.get("enabled").asBoolean());
        assertEquals("[\"reconcile\"]", pnl.get("dependencies").toString());
        assertEquals(256, pnl.get("memoryMb").asInt());
        assertEquals("10m", pnl.get("estimate").asText());
        assertEquals("http", pnl.get("handler").asText());
        assertEquals("configuration", pnl.get("source").asText());
        assertFalse(response.body().contains("s3cret"), response.body());
    }

    @Test
    void shows_a_whole_task_with_its_handler_secrets_masked() throws Exception {
        HttpResponse<String> response = node.get("/api/v1/tasks/pnl");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode handler = json(response).get("definition").get("handler");
        assertEquals("POST", handler.get("method").asText());
        assertEquals("https://***@broker.test/pnl?***", handler.get("url").asText());
        assertEquals("***", handler.get("headers").get("Authorization").asText());
        assertEquals("***", handler.get("body").asText());
        assertEquals("30m", json(response).get("definition").get("timeout").asText(), "defaults made explicit");
        assertFalse(response.body().contains("s3cret"), response.body());

        HttpResponse<String> command = node.get("/api/v1/tasks/cleanup");
        assertEquals("***", json(command).get("definition").get("handler").get("env").get("API_KEY").asText());
        assertEquals("[\"/bin/true\"]", json(command).get("definition").get("handler").get("argv").toString());
        assertFalse(command.body().contains("s3cret"), command.body());

        assertProblem(node.get("/api/v1/tasks/nightly"), 404, "unknown task \"nightly\"");
    }

    @Test
    void a_task_defined_over_the_api_is_journaled_listed_as_the_apis_and_can_be_redefined() throws Exception {
        HttpResponse<String> created = put("archive", ARCHIVE, ApiRoutes.OPERATOR_HEADER, "alice");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode archive = json(created);
        assertEquals("api", archive.get("source").asText());
        assertEquals("api (alice)", archive.get("changedBy").asText());
        assertEquals("desk", archive.get("definition").get("category").asText(), "the file's task-defaults");
        assertEquals("20m", archive.get("estimate").asText());
        assertEquals("***", archive.get("definition").get("handler").get("settings").get("bucket").asText());
        assertFalse(created.body().contains("s3cret"), created.body());

        JsonNode listed = task(json(node.get("/api/v1/tasks")), "archive");
        assertEquals("api", listed.get("source").asText());
        assertEquals("java", listed.get("handler").asText());
        assertTrue(state().catalogChanges().definitions().containsKey("archive"));
        List<SupervisorEvent> journaled = node.node.journal().current(1).runWith(Sink.seq(), node.kit.system())
                .toCompletableFuture().get(5, TimeUnit.SECONDS).stream().map(j -> j.event()).toList();
        assertTrue(journaled.stream().anyMatch(e -> e instanceof SupervisorEvent.TaskDefined d
                && d.task().equals("archive") && d.by().equals("api (alice)")), journaled.toString());

        HttpResponse<String> replaced = put("archive", ARCHIVE.replace("MEDIUM", "LOW"));
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals("LOW", json(replaced).get("priority").asText());
    }

    @Test
    void a_definition_is_checked_like_the_catalog_file_with_every_problem_by_path() throws Exception {
        HttpResponse<String> refused = put("broken", """
                {"priority": "SOON", "modes": ["RESEARCH"], "trigger": {"type": "hourly"},
                 "dependencies": ["reconcil"], "colour": "blue", "handler": {"type": "java", "name": "rm-rf"}}
                """);
        assertProblem(refused, 400, "task \"broken\" was not defined");
        List<String> paths = new ArrayList<>();
        json(refused).get("problems").forEach(p -> paths.add(p.get("path").asText()));
        assertEquals(List.of("tasks.broken.colour", "tasks.broken.dependencies[0]", "tasks.broken.handler.name",
                "tasks.broken.priority", "tasks.broken.trigger.type"), paths);
        assertTrue(refused.body().contains("did you mean \\\"reconcile\\\""), refused.body());

        assertProblem(put("reconcile", """
                {"priority": "HIGH", "phases": ["POST_MARKET"], "trigger": {"type": "manual"},
                 "dependencies": ["pnl"], "handler": {"type": "simulated"}}
                """), 400, "dependency cycle");
        assertProblem(put("wipe", "{\"priority\": \"LOW\", \"modes\": [\"RESEARCH\"], \"trigger\": {\"type\": "
                + "\"manual\"}, \"handler\": {\"type\": \"java\", \"name\": \"rm-rf\"}}"), 400,
                "tasks.wipe.handler.name: unknown Java handler \"rm-rf\", registered: backup");
        assertProblem(put("broken", "{\"priority\": "), 400, "JSON object");
        assertProblem(put("broken", "{\"priority\": ${HOME}}"), 400, "JSON object");
        assertProblem(put("broken", "[1]"), 400, "JSON object");
        assertProblem(put("broken", ""), 400, "got nothing");
        assertProblem(put("Bad.Name", ARCHIVE), 400, "task names are lower-case");
        assertProblem(node.get("/api/v1/tasks/broken"), 404, "unknown task");
        assertFalse(state().catalogChanges().definitions().containsKey("broken"));
    }

    @Test
    void a_command_handler_is_refused_unless_the_configuration_allows_it() throws Exception {
        String command = "{\"priority\": \"LOW\", \"modes\": [\"RESEARCH\"], \"trigger\": {\"type\": \"manual\"}, "
                + "\"handler\": {\"type\": \"command\", \"argv\": [\"/bin/sh\", \"-c\", \"id\"], "
                + "\"env\": {\"TOKEN\": \"s3cret-env\"}}}";
        assertProblem(put("shell", command), 403, "interlude.http.tasks.allow-command-handlers = off");
        assertFalse(state().catalogChanges().definitions().containsKey("shell"));

        try (TestNode allowing = TestNode.start(Map.of("tasks.allow-command-handlers", true), CATALOG)) {
            HttpResponse<String> created = allowing.put("/api/v1/tasks/shell", command,
                    "Authorization", "Bearer " + TestNode.TOKEN);
            assertEquals(201, created.statusCode(), created.body());
            assertEquals("***", json(created).get("definition").get("handler").get("env").get("TOKEN").asText());
            assertFalse(created.body().contains("s3cret"), created.body());
        }
    }

    @Test
    void a_masked_secret_sent_back_is_refused_rather_than_stored() throws Exception {
        String shown = json(node.get("/api/v1/tasks/pnl")).get("definition").toString();
        HttpResponse<String> refused = put("pnl", shown);
        assertProblem(refused, 400, "tasks.pnl.handler.body, tasks.pnl.handler.headers.Authorization, "
                + "tasks.pnl.handler.url: \"***\" is what the API shows in place of a secret");
    }

    @Test
    void a_task_others_depend_on_cannot_be_removed_and_one_nobody_needs_can() throws Exception {
        HttpResponse<String> refused = node.delete("/api/v1/tasks/reconcile", "Authorization",
                "Bearer " + TestNode.TOKEN);
        assertProblem(refused, 409, "pnl depends on it (tasks.pnl.dependencies[0])");

        assertEquals(201, put("scratch", ARCHIVE).statusCode());
        HttpResponse<String> removed = node.delete("/api/v1/tasks/scratch", "Authorization",
                "Bearer " + TestNode.TOKEN);
        assertEquals(200, removed.statusCode(), removed.body());
        assertTrue(json(removed).get("removed").asBoolean());
        assertProblem(node.get("/api/v1/tasks/scratch"), 404, "unknown task");
        assertProblem(node.delete("/api/v1/tasks/scratch", "Authorization", "Bearer " + TestNode.TOKEN), 404,
                "unknown task \"scratch\"");
    }

    @Test
    void a_disabled_task_is_refused_runs_until_enabled_again() throws Exception {
        HttpResponse<String> disabled = node.postAuthorized("/api/v1/tasks/reconcile/disable", "");
        assertEquals(200, disabled.statusCode(), disabled.body());
        assertFalse(json(disabled).get("enabled").asBoolean());
        JsonNode shown = json(node.get("/api/v1/tasks/reconcile"));
        assertFalse(shown.get("enabled").asBoolean());
        assertEquals("configuration", shown.get("source").asText());
        assertEquals("api", shown.get("changedBy").asText());
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> node.node.requestRun("reconcile", Map.of(), "test").toCompletableFuture()
                        .get(5, TimeUnit.SECONDS));
        assertEquals("task \"reconcile\" is disabled", refused.getCause().getMessage());

        assertEquals(200, node.postAuthorized("/api/v1/tasks/reconcile/enable", "").statusCode());
        assertTrue(json(node.get("/api/v1/tasks/reconcile")).get("enabled").asBoolean());
        assertProblem(node.postAuthorized("/api/v1/tasks/nightly/disable", ""), 404, "unknown task \"nightly\"");
    }

    @Test
    void every_change_needs_the_token_and_changes_nothing_without_it() throws Exception {
        assertProblem(node.put("/api/v1/tasks/sneaky", ARCHIVE), 401, "missing Authorization header");
        assertProblem(node.put("/api/v1/tasks/sneaky", ARCHIVE, "Authorization", "Bearer wrong"), 401,
                "not this node's API token");
        assertProblem(node.delete("/api/v1/tasks/cleanup"), 401, "Authorization");
        assertProblem(node.post("/api/v1/tasks/cleanup/disable", ""), 401, "Authorization");
        SupervisorState state = state();
        assertFalse(state.catalogChanges().definitions().containsKey("sneaky"));
        assertFalse(state.catalogChanges().removed().containsKey("cleanup"));
        assertFalse(state.catalogChanges().enabled().containsKey("cleanup"));
        assertProblem(node.post("/api/v1/tasks/cleanup", "", "Authorization", "Bearer " + TestNode.TOKEN), 405,
                "GET");
    }
}
