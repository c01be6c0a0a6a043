package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.http.TestNode;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every operator command against a live node (a real supervisor, its HTTP routes on a free port). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorCommandsLiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestNode node;
    private String url;

    @BeforeAll
    void start() {
        node = TestNode.start();
        url = node.base.toString();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private Cli.Result cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = url;
        all[args.length + 2] = "--token";
        all[args.length + 3] = TestNode.TOKEN;
        return Cli.run(all);
    }

    @Test
    void status_as_text_and_json() throws Exception {
        Cli.Result text = cli("status");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("running: "), text.out());
        Cli.Result json = cli("status", "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode status = JSON.readTree(json.out());
        assertTrue(status.has("mode") && status.has("running") && status.has("health"), status.toString());
    }

    @Test
    void a_triggered_run_shows_in_the_history_and_the_metrics() throws Exception {
        TestProbe<StatusEvent> feed = node.kit.createTestProbe();
        node.node.statusHub().tell(new StatusHub.Subscribe(feed.getRef(), Optional.empty()));
        Cli.Result triggered = cli("trigger", "quick_report", "--param", "reason=from the terminal");
        assertEquals(0, triggered.exitCode(), triggered.err());
        assertTrue(triggered.out().startsWith("quick_report: queued as req-"), triggered.out());

        StatusEvent done = feed.fishForMessage(Duration.ofSeconds(15), e -> e.type().equals("run_succeeded")
                && e.task().orElse("").equals("quick_report")
                ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore()).get(0);
        String runId = done.runId().orElseThrow();

        // The history follows the journal; the run is there once the history has read its end.
        JsonNode runs = JSON.readTree(awaitOutput(() -> cli("runs", "--since", "1h", "--task", "quick_report",
                "--json"), out -> out.contains(runId)));
        assertEquals("succeeded", runs.path("runs").get(0).path("status").asText());
        Cli.Result table = cli("runs", "--since", "1h");
        assertTrue(table.out().contains(runId) && table.out().contains("succeeded"), table.out());

        Cli.Result metrics = cli("metrics", "--since", "1h");
        assertEquals(0, metrics.exitCode(), metrics.err());
        assertTrue(metrics.out().contains("(all)") && metrics.out().contains("quick_report"), metrics.out());
    }

    @Test
    void queue_health_approvals_stop_and_resume() throws Exception {
        Cli.Result queue = cli("queue");
        assertEquals(0, queue.exitCode(), queue.err());
        assertTrue(queue.out().contains("waiting: "), queue.out());

        Cli.Result health = cli("health");
        assertEquals(0, health.exitCode(), health.err());
        assertTrue(health.out().matches("(?s)(healthy|degraded|unhealthy).*"), health.out());

        Cli.Result approved = cli("approve", "risky_model");
        assertEquals(0, approved.exitCode(), approved.err());
        assertTrue(approved.out().startsWith("risky_model: approved"), approved.out());
        assertTrue(node.state().approvals().containsKey("risky_model"));
        Cli.Result denied = cli("deny", "risky_model");
        assertEquals(0, denied.exitCode(), denied.err());
        assertTrue(node.state().denials().containsKey("risky_model"));

        Cli.Result stopped = cli("stop", "--reason", "broker outage");
        assertEquals(0, stopped.exitCode(), stopped.err());
        assertTrue(stopped.out().contains("broker outage"), stopped.out());
        assertTrue(node.state().stopped());
        Cli.Result resumed = cli("resume");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertFalse(node.state().stopped());
    }

    @Test
    void refusals_are_one_line_with_the_nodes_reason() {
        Cli.Result unknown = cli("trigger", "no_such_task");
        assertEquals(2, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("unknown task"), unknown.err());

        Cli.Result wrongToken = Cli.run("stop", "--reason", "x", "--url", url, "--token", "wrong");
        assertEquals(2, wrongToken.exitCode(), wrongToken.err());
        assertEquals(1, wrongToken.err().lines().count(), wrongToken.err());
        assertTrue(wrongToken.err().contains("not this node's API token"), wrongToken.err());
        assertFalse(node.state().stopped());

        Cli.Result badStatus = cli("runs", "--status", "exploded");
        assertEquals(2, badStatus.exitCode(), badStatus.err());
        assertTrue(badStatus.err().contains("status"), badStatus.err());
    }

    /** Runs {@code command} until its output satisfies {@code done} (the history catches up within moments). */
    private static String awaitOutput(java.util.function.Supplier<Cli.Result> command,
                                      java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Cli.Result last = command.get();
        while (!done.test(last.out()) && System.nanoTime() < deadline) {
            // The node's history reads the journal as a stream: ask again, without sleeping between asks.
            last = command.get();
        }
        assertTrue(done.test(last.out()), last.out() + last.err());
        return last.out();
    }
}
