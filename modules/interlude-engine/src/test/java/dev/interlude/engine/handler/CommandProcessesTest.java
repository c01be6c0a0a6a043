package dev.interlude.engine.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.task.HandlerSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed outright cannot stop its commands; the next node on the machine stops them before it runs their runs
 * again, and leaves alone the commands of a node that is still alive and any process that reused a recorded pid.
 */
class CommandProcessesTest {

    @TempDir
    Path dir;

    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private Process sleeper;

    @AfterEach
    void cleanUp() {
        if (sleeper != null) {
            sleeper.destroyForcibly();
        }
        blocking.shutdownNow();
    }

    /** A process that has exited: stands for a node killed with kill -9. */
    private static ProcessHandle deadNode() throws Exception {
        Process gone = new ProcessBuilder("cat").start(); // runs until its input closes
        ProcessHandle handle = gone.toHandle();
        Optional<Instant> started = handle.info().startInstant();
        assertTrue(started.isPresent(), "a running process has a start time");
        gone.getOutputStream().close();
        gone.onExit().get(10, TimeUnit.SECONDS);
        return new ProcessHandle() {
            @Override public long pid() { return handle.pid(); }
            @Override public Optional<ProcessHandle> parent() { return Optional.empty(); }
            @Override public Stream<ProcessHandle> children() { return Stream.empty(); }
            @Override public Stream<ProcessHandle> descendants() { return Stream.empty(); }
            @Override public Info info() {
                Info real = ProcessHandle.current().info();
                return new Info() {
                    @Override public Optional<String> command() { return real.command(); }
                    @Override public Optional<String> commandLine() { return real.commandLine(); }
                    @Override public Optional<String[]> arguments() { return real.arguments(); }
                    @Override public Optional<Instant> startInstant() { return started; }
                    @Override public Optional<Duration> totalCpuDuration() { return Optional.empty(); }
                    @Override public Optional<String> user() { return real.user(); }
                };
            }
            @Override public CompletableFuture<ProcessHandle> onExit() {
                return CompletableFuture.completedFuture(this);
            }
            @Override public boolean supportsNormalTermination() { return true; }
            @Override public boolean destroy() { return false; }
            @Override public boolean destroyForcibly() { return false; }
            @Override public boolean isAlive() { return false; }
            @Override public int compareTo(ProcessHandle other) { return Long.compare(pid(), other.pid()); }
        };
    }

    @Test
    void a_command_left_by_a_killed_node_is_stopped_with_its_children_and_its_record_removed() throws Exception {
        // the shell starts a child and says its pid, then waits for it
        sleeper = new ProcessBuilder("sh", "-c", "sleep 60 & echo $!; wait").start();
        CommandProcesses killed = CommandProcesses.in(dir, deadNode());
        killed.started("research-20261205T230000-42", 1, sleeper.toHandle());
        assertEquals(1, killed.records().size());
        // the shell's child, which the record does not name: it goes with the tree
        ProcessHandle child = ProcessHandle.of(Long.parseLong(new BufferedReader(new InputStreamReader(
                sleeper.getInputStream(), StandardCharsets.UTF_8)).readLine().trim())).orElseThrow();

        List<String> stopped = CommandProcesses.in(dir).reapLeftovers(Duration.ofSeconds(5));

        assertEquals(1, stopped.size(), stopped.toString());
        assertTrue(stopped.get(0).startsWith("run research-20261205T230000-42 attempt 1 (pid " + sleeper.pid()),
                stopped.toString());
        sleeper.onExit().get(10, TimeUnit.SECONDS);
        child.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(child.isAlive());
        assertEquals(List.of(), CommandProcesses.in(dir).records());
    }

    @Test
    void the_commands_of_a_node_still_alive_are_left_alone() throws Exception {
        sleeper = new ProcessBuilder("sleep", "60").start();
        CommandProcesses.in(dir).started("backup-20261205T230000-7", 2, sleeper.toHandle()); // this JVM: alive

        assertEquals(List.of(), CommandProcesses.in(dir).reapLeftovers(Duration.ofSeconds(1)));
        assertTrue(sleeper.isAlive());
        assertEquals(1, CommandProcesses.in(dir).records().size());
    }

    @Test
    void a_pid_reused_by_another_process_is_never_touched_and_garbage_is_removed() throws Exception {
        sleeper = new ProcessBuilder("sleep", "60").start();
        CommandProcesses.in(dir, deadNode()).started("refresh-20261205T230000-3", 1, sleeper.toHandle());
        Path record = CommandProcesses.in(dir).records().get(0);
        // the recorded start time no longer matches: the pid belongs to another process now
        Files.writeString(record, Files.readString(record).replaceFirst("(?m)^started=[^\\n]+",
                "started=2001-09-11T13\\\\:46\\\\:00Z"));
        Files.writeString(dir.resolve("junk.pid"), "not a record\n");

        assertEquals(List.of(), CommandProcesses.in(dir).reapLeftovers(Duration.ofSeconds(1)));
        assertTrue(sleeper.isAlive());
        assertEquals(List.of(), CommandProcesses.in(dir).records());
    }

    @Test
    void a_command_handler_records_its_process_while_it_runs_and_forgets_it_when_it_exits() throws Exception {
        HandlerSettings.Command settings = new HandlerSettings.Command(1024, Duration.ofMillis(200),
                Duration.ofSeconds(1), Optional.of(dir));
        HandlerSpec.Command spec = new HandlerSpec.Command(List.of("sh", "-c", "ls \"$0\" > \"$0/../seen\"", dir.toString()),
                Optional.empty(), Map.of(), Optional.empty());
        CommandTaskHandler handler = new CommandTaskHandler(spec, settings, blocking);
        TaskResult result = handler.run(Contexts.context("backfill-20261205T230000-9", Contexts.task("backfill", spec)))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertTrue(result.success(), result.toString());
        assertEquals("backfill-20261205T230000-9-1.pid", Files.readString(dir.resolve("../seen")).trim());
        assertEquals(List.of(), CommandProcesses.in(dir).records());
    }
}
