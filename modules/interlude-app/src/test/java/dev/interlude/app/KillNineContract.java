package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real node ({@code interlude run} in its own process) running command tasks every few seconds, killed with SIGKILL
 * 20 times at random instants and restarted on the same journal. After each restart its run history must still
 * report every completion it reported before a kill (same run id, same attempt, succeeded), no run id may name two
 * runs (a journal that forgets its last events hands their sequence numbers, and so their run ids, to new runs), and
 * the commands' own ledger must agree with the journal both ways.
 *
 * <p>Every node's log, the journal (for H2) and the ledger are kept under {@code target/kill9/<backend>/}.
 */
abstract class KillNineContract {

    static final int KILLS = 20;
    /** The kill instants and how many land while the node is still starting; another seed, other instants. */
    static final long SEED = Long.getLong("interlude.kill9.seed", 20261203L);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY = Duration.ofSeconds(90);
    /** A restarted node lists a run it started itself within this (its tasks are due every 2 to 4 s). */
    private static final Duration CAUGHT_UP = Duration.ofSeconds(30);
    /** How often the history is read between two kills: what it lists then is what the node acknowledged. */
    private static final Duration OBSERVE_EVERY = Duration.ofMillis(150);
    /** How long a node runs, at most, between its history catching up and its kill. */
    private static final int MAX_RUN_MS = 2500;
    /** One kill in this many lands while the node starts (recovers its journal, joins its cluster). */
    private static final int EARLY_ONE_IN = 5;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private NodeProcess node;

    /** The backend's name, for the folder and the report. */
    abstract String backend();

    /** The journal part of the node's environment ({@code INTERLUDE_JOURNAL_*}); {@code dir} is the run's folder. */
    abstract Map<String, String> journalEnvironment(Path dir);

    @AfterEach
    void noNodeIsLeftRunning() {
        if (node != null) {
            node.destroy();
        }
    }

    @Test
    void no_acknowledged_completion_is_lost_and_no_run_id_is_reused_across_20_sigkills() throws Exception {
        Path dir = emptyFolder(Path.of("target", "kill9", backend()).toAbsolutePath());
        Path ledger = dir.resolve("ledger.txt");
        Path conf = Files.writeString(dir.resolve("application.conf"), """
                # A fixed memory budget: the machine's free memory must not decide what runs.
                interlude.planner.memory { source = fixed, fixed-mb = 1024 }
                """);
        Path tasks = Files.writeString(dir.resolve("tasks.conf"), catalog(dir));
        Map<String, String> environment = new java.util.HashMap<>(journalEnvironment(dir));
        environment.putAll(Map.of("INTERLUDE_HOME", dir.toString(), "INTERLUDE_PORT", "0",
                "INTERLUDE_HTTP_PORT", "0", "INTERLUDE_STOP_FILE", dir.resolve("STOP").toString()));

        Random random = new Random(SEED);
        KillNineAudit audit = new KillNineAudit(ledger);
        long began = System.nanoTime();
        int early = 0;
        try {
            for (int life = 1; life <= KILLS + 1; life++) {
                node = NodeProcess.start(environment, dir.resolve(String.format("node-%02d.log", life)), http,
                        "--config", conf.toString(), "run", "--tasks", tasks.toString());
                boolean last = life > KILLS;
                if (!last && random.nextInt(EARLY_ONE_IN) == 0) {
                    early++;
                    Thread.sleep(300 + random.nextInt(2700)); // the random instant, maybe before the node is ready
                } else {
                    URI api = node.awaitReady(READY);
                    audit.afterRestart(caughtUp(api, node.spawnedAt()));
                    if (last) {
                        break;
                    }
                    // The node lives until a random instant; meanwhile its history is read, paced, not awaited.
                    long killAt = System.nanoTime() + random.nextInt(MAX_RUN_MS) * 1_000_000L;
                    while (System.nanoTime() < killAt) {
                        observe(api, audit);
                        Thread.sleep(Math.max(0, Math.min(OBSERVE_EVERY.toMillis(),
                                (killAt - System.nanoTime()) / 1_000_000)));
                    }
                    observe(api, audit); // the last word before the kill
                }
                node.kill();
                audit.killed();
            }
        } finally {
            if (node != null) {
                node.destroy();
            }
        }
        String report = backend() + ": " + KILLS + " SIGKILLs (" + early + " while starting) in "
                + Duration.ofNanos(System.nanoTime() - began).toSeconds() + " s, seed " + SEED + "; "
                + audit.summary();
        System.out.println("KILL9 " + report);
        assertTrue(audit.problems().isEmpty(), report + "\n" + String.join("\n", audit.problems())
                + "\n(logs, ledger and journal in " + dir + ")");
    }

    /**
     * Three command tasks in every phase, every 2, 3 and 4 s, each appending "run-id attempt" to the ledger; two
     * of them then take a moment, so some kills land while a command runs.
     */
    private static String catalog(Path dir) {
        StringBuilder catalog = new StringBuilder("""
                task-defaults {
                  memory-mb = 16
                  estimated-duration = 1s
                  retry { max-attempts = 10, initial-backoff = 1s, max-backoff = 1s }
                }
                tasks {
                """);
        String[][] tasks = {{"t_a", "2s", "0"}, {"t_b", "3s", "0.4"}, {"t_c", "4s", "0.8"}};
        for (String[] t : tasks) {
            catalog.append("  ").append(t[0]).append(" {\n")
                    .append("    priority = HIGH, modes = [PREP, TRADING, RESEARCH], timeout = 20s\n")
                    .append("    trigger { type = interval, every = ").append(t[1]).append(" }\n")
                    .append("    handler { type = command, cwd = \"").append(dir).append("\", argv = [\"sh\", \"-c\", ")
                    .append("\"echo \\\"$INTERLUDE_RUN_ID $INTERLUDE_ATTEMPT\\\" >> ledger.txt && sleep ")
                    .append(t[2]).append("\"] }\n  }\n");
        }
        return catalog.append("}\n").toString();
    }

    /**
     * The history of a node just restarted, once it lists an attempt 1 the node started itself: the history reads
     * the journal in order, so it has then read everything the nodes before wrote.
     */
    private List<KillNineAudit.Attempt> caughtUp(URI api, Instant spawnedAt) throws IOException, InterruptedException {
        String[] why = {"no answer"};
        return node.await("caught up with the journal", CAUGHT_UP, () -> {
            try {
                List<KillNineAudit.Attempt> runs = runs(api);
                if (runs.stream().anyMatch(a -> a.attempt() == 1 && !a.startedAt().isBefore(spawnedAt))) {
                    return Optional.of(runs);
                }
                why[0] = runs.size() + " attempt(s), none started by this node";
            } catch (IOException e) {
                why[0] = e.toString();
            }
            return Optional.empty();
        }, () -> why[0]);
    }

    /** Reads the history while the node runs; an answer missing (the node busy) only means one observation fewer. */
    private void observe(URI api, KillNineAudit audit) throws InterruptedException {
        try {
            audit.observe(runs(api));
        } catch (IOException e) {
            // nothing observed, nothing acknowledged
        }
    }

    /** Every attempt {@code GET /api/v1/runs} lists (every page). */
    private List<KillNineAudit.Attempt> runs(URI api) throws IOException, InterruptedException {
        List<KillNineAudit.Attempt> attempts = new ArrayList<>();
        String cursor = null;
        do {
            URI page = api.resolve("api/v1/runs?since=7d&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + page + ": " + response.statusCode() + " " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            for (JsonNode run : body.path("runs")) {
                attempts.add(new KillNineAudit.Attempt(run.path("runId").asText(), run.path("attempt").asInt(),
                        run.path("status").asText(), OffsetDateTime.parse(run.path("startedAt").asText()).toInstant()));
            }
            cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
        } while (cursor != null);
        return attempts;
    }

    private static Path emptyFolder(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
