package dev.interlude.engine.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard a node starts beside its JVM stops the commands the node leaves running when it dies: here a stand-in
 * process plays the node, and is killed as a node would be.
 */
class CommandGuardTest {

    /** How long the guard may take to notice the node is gone and stop a command, TERM's grace included. */
    private static final long WITHIN_SECONDS = 20;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
    }

    private Process spawn(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(process);
        return process;
    }

    @Test
    void the_commands_of_a_node_that_dies_are_stopped_and_their_records_removed() throws Exception {
        Process node = spawn("sleep", "300");
        Process command = spawn("sleep", "300");
        CommandProcesses.in(dir, node.toHandle()).started("nightly-1", 1, command.toHandle());
        Process guard = CommandGuard.start(node.toHandle(), dir, Duration.ofSeconds(5));
        started.add(guard);
        assertTrue(command.isAlive(), "its node runs: the command is left alone");

        node.destroyForcibly();
        assertTrue(command.waitFor(WITHIN_SECONDS, TimeUnit.SECONDS), "the command outlived its node");
        assertTrue(guard.waitFor(WITHIN_SECONDS, TimeUnit.SECONDS), "the guard exits once it has done its work");
        assertEquals(0, guard.exitValue());
        try (var records = Files.list(dir)) {
            assertEquals(0, records.count(), "the command's record is removed");
        }
    }

    @Test
    void a_command_that_ignores_term_is_killed_after_the_grace() throws Exception {
        Process node = spawn("sleep", "300");
        Process command = spawn("sh", "-c", "trap '' TERM; sleep 300");
        CommandProcesses.in(dir, node.toHandle()).started("stubborn-1", 2, command.toHandle());
        Process guard = CommandGuard.start(node.toHandle(), dir, Duration.ofMillis(500));
        started.add(guard);

        node.destroyForcibly();
        assertTrue(command.waitFor(WITHIN_SECONDS, TimeUnit.SECONDS), "the command ignoring TERM outlived its node");
        assertTrue(guard.waitFor(WITHIN_SECONDS, TimeUnit.SECONDS));
        assertEquals(0, guard.exitValue());
    }

    @Test
    void a_guard_for_a_node_already_gone_stops_its_commands_at_once() throws Exception {
        Process node = spawn("sleep", "300");
        Process command = spawn("sleep", "300");
        CommandProcesses.in(dir, node.toHandle()).started("late-1", 1, command.toHandle());
        long pid = node.pid();
        Instant nodeStarted = node.toHandle().info().startInstant().orElseThrow();
        node.destroyForcibly();
        assertTrue(node.waitFor(WITHIN_SECONDS, TimeUnit.SECONDS));

        Process guard = CommandGuard.start(pid, nodeStarted, dir, Duration.ofSeconds(5));
        started.add(guard);
        assertTrue(command.waitFor(WITHIN_SECONDS, TimeUnit.SECONDS));
        assertTrue(guard.waitFor(WITHIN_SECONDS, TimeUnit.SECONDS));
    }
}
