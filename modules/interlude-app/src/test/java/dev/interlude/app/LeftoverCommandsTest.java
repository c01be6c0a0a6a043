package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node killed with SIGKILL cannot stop the command it was running. Its command guard (a process of its own) stops
 * that command's whole process tree at once; and if the guard was killed too, the node that comes back on the
 * machine stops it before it runs the run again. Either way the run never executes twice at once.
 */
class LeftoverCommandsTest {

    private static final Duration READY = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        nodes.forEach(NodeProcess::destroy);
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void the_guard_stops_the_command_of_a_killed_node_at_once() throws Exception {
        Path dir = Path.of("target", "guarded-commands").toAbsolutePath();
        String[] run = prepare(dir);
        NodeProcess first = start(environment(dir), dir.resolve("node-1.log"), run);
        ProcessHandle shell = recorded(first, dir.resolve("shell-1"));
        ProcessHandle child = recorded(first, dir.resolve("child-1"));
        ProcessHandle guard = first.guard();
        first.kill();
        shell.onExit().get(30, TimeUnit.SECONDS);
        child.onExit().get(30, TimeUnit.SECONDS);
        guard.onExit().get(30, TimeUnit.SECONDS); // it writes its line, then exits
        String log = Files.readString(dir.resolve("node-1.log"));
        assertTrue(log.contains("stopped a command its node (pid " + first.pid() + ") left running when it ended: "
                + "run long_batch-"), log);
    }

    @Test
    void the_command_a_killed_node_and_its_guard_left_running_is_stopped_before_its_run_runs_again()
            throws Exception {
        Path dir = Path.of("target", "leftover-commands").toAbsolutePath();
        String[] run = prepare(dir);
        Map<String, String> environment = environment(dir);

        NodeProcess first = start(environment, dir.resolve("node-1.log"), run);
        ProcessHandle shell = recorded(first, dir.resolve("shell-1"));
        ProcessHandle child = recorded(first, dir.resolve("child-1"));
        // the guard goes first (as when the OOM killer or a kill of the whole process group takes both)
        ProcessHandle guard = first.guard();
        guard.destroyForcibly();
        guard.onExit().get(30, TimeUnit.SECONDS);
        first.kill();
        assertTrue(shell.isAlive() && child.isAlive(), "the command outlives the node killed with SIGKILL");

        NodeProcess second = start(environment, dir.resolve("node-2.log"), run);
        second.awaitReady(READY);
        shell.onExit().get(30, TimeUnit.SECONDS);
        child.onExit().get(30, TimeUnit.SECONDS);
        assertFalse(shell.isAlive() || child.isAlive(), "the leftover command and its child were stopped");
        String log = Files.readString(dir.resolve("node-2.log"));
        assertTrue(log.contains("stopped a command left running by a node that was killed: run long_batch-"), log);
        // and the run runs again, as attempt 2, once the first is gone
        ProcessHandle again = recorded(second, dir.resolve("shell-2"));
        assertTrue(again.isAlive());
    }

    private static Map<String, String> environment(Path dir) {
        return Map.of("INTERLUDE_HOME", dir.toString(), "INTERLUDE_PORT", "0",
                "INTERLUDE_HTTP_PORT", "0", "INTERLUDE_JOURNAL_H2_PATH", dir.resolve("journal").toString(),
                "INTERLUDE_STOP_FILE", dir.resolve("STOP").toString());
    }

    /** A fresh {@code dir} with a catalog of one long command that records its pids; the arguments of its node. */
    private static String[] prepare(Path dir) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path conf = Files.writeString(dir.resolve("application.conf"),
                "interlude.planner.memory { source = fixed, fixed-mb = 1024 }\n");
        // The shell records its pid and its child's, per attempt, then waits for the child: a long batch.
        Path tasks = Files.writeString(dir.resolve("tasks.conf"), """
                tasks {
                  long_batch {
                    priority = HIGH, modes = [PREP, TRADING, RESEARCH], memory-mb = 16
                    estimated-duration = 2m, timeout = 5m
                    retry { max-attempts = 3, initial-backoff = 1s, max-backoff = 1s }
                    trigger { type = interval, every = 1h }
                    handler { type = command, cwd = "%s", argv = ["sh", "-c",
                      "sleep 120 & echo $! > child-$INTERLUDE_ATTEMPT.tmp && echo $$ > shell-$INTERLUDE_ATTEMPT.tmp && mv child-$INTERLUDE_ATTEMPT.tmp child-$INTERLUDE_ATTEMPT && mv shell-$INTERLUDE_ATTEMPT.tmp shell-$INTERLUDE_ATTEMPT && wait"] }
                  }
                }
                """.formatted(dir));
        return new String[] {"--config", conf.toString(), "run", "--tasks", tasks.toString()};
    }

    private NodeProcess start(Map<String, String> environment, Path log, String... args) throws IOException {
        NodeProcess node = NodeProcess.start(environment, log, http, args);
        nodes.add(node);
        return node;
    }

    /** The process whose pid the command run by {@code node} wrote to {@code file}, once it is there. */
    private ProcessHandle recorded(NodeProcess node, Path file) throws Exception {
        long pid = node.await("running its command (" + file.getFileName() + ")", READY, () -> Files.exists(file)
                ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty());
        pids.add(pid);
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            fail("pid " + pid + " from " + file + " is not running");
        }
        return process.get();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
