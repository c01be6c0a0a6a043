package dev.interlude.app.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.TaskSpecBuilder;
import dev.interlude.engine.handler.Cancellation;
import dev.interlude.engine.handler.CommandTaskHandler;
import dev.interlude.engine.handler.HandlerSettings;
import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped catalog's two scripts (send_alerts, cleanup_logs), run through the engine's command handler with the
 * catalog's own argv, from the repository root, with INTERLUDE_HOME pointing at a scratch home.
 */
class DeskScriptsTest {

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final TaskCatalog CATALOG = CatalogLoader.loadFile(REPOSITORY.resolve("conf/tasks.conf"),
            ZoneId.of("America/New_York"));

    @TempDir
    Path home;

    private final ExecutorService blocking = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        blocking.shutdownNow();
    }

    private TaskResult run(String taskName, String runId, Map<String, String> parameters) throws Exception {
        HandlerSpec.Command shipped = (HandlerSpec.Command) CATALOG.get(taskName).orElseThrow().handler();
        HandlerSpec.Command here = new HandlerSpec.Command(shipped.argv(), Optional.of(REPOSITORY.toString()),
                Map.of("INTERLUDE_HOME", home.toString()), Optional.empty());
        TaskSpec task = TaskSpecBuilder.task(taskName).handler(here).build();
        CommandTaskHandler handler = new CommandTaskHandler(here,
                new HandlerSettings.Command(4096, Duration.ofMillis(200), Duration.ofSeconds(1)), blocking);
        TaskContext context = new TaskContext(runId, task, 1, Instant.parse("2026-11-22T12:00:00Z"), parameters,
                Optional.empty(), Duration.ofHours(1), Cancellation.create());
        return handler.run(context).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void send_alerts_writes_one_line_per_run_id_with_the_reason() throws Exception {
        TaskResult first = run("send_alerts", "send_alerts-1", Map.of("reason", "risk limit breached"));
        TaskResult retry = run("send_alerts", "send_alerts-1", Map.of("reason", "risk limit breached"));
        TaskResult other = run("send_alerts", "send_alerts-2", Map.of());

        assertEquals("alerted: risk limit breached", first.result(), first.toString());
        assertEquals("already alerted for send_alerts-1: risk limit breached", retry.result(), retry.toString());
        assertEquals("alerted: no reason given", other.result(), other.toString());
        List<String> lines = Files.readAllLines(home.resolve("data/desk/alerts.log"));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" send_alerts-1 risk limit breached"), lines.toString());
        assertTrue(lines.get(1).endsWith(" send_alerts-2 no reason given"), lines.toString());
    }

    @Test
    void cleanup_logs_works_on_a_fresh_clone_and_deletes_only_old_logs() throws Exception {
        TaskResult fresh = run("cleanup_logs", "cleanup_logs-1", Map.of());
        assertEquals("removed 0 log file(s) older than 14 days from data/logs", fresh.result(), fresh.toString());
        assertTrue(Files.isDirectory(home.resolve("data/logs")));

        Path logs = home.resolve("data/logs");
        touch(logs.resolve("old.log"), 15);
        touch(logs.resolve("recent.log"), 13);
        touch(logs.resolve("old.txt"), 30);
        TaskResult cleaned = run("cleanup_logs", "cleanup_logs-2", Map.of());

        assertEquals("removed 1 log file(s) older than 14 days from data/logs", cleaned.result(), cleaned.toString());
        try (var left = Files.list(logs)) {
            assertEquals(List.of("old.txt", "recent.log"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * A file last modified {@code daysOld} days before now as the file system sees it (the time it stamps on a
     * file just written), which is what find(1) compares with.
     */
    private static void touch(Path file, int daysOld) throws IOException {
        Files.writeString(file, "log\n");
        Instant written = Files.getLastModifiedTime(file).toInstant();
        Files.setLastModifiedTime(file, FileTime.from(written.minus(daysOld, ChronoUnit.DAYS)));
    }
}
