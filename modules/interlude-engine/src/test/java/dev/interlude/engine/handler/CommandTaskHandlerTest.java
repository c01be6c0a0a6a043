package dev.interlude.engine.handler;

import static dev.interlude.engine.handler.Contexts.context;
import static dev.interlude.engine.handler.Contexts.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.interlude.core.task.HandlerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTaskHandlerTest {

    private static final HandlerSettings.Command SETTINGS =
            new HandlerSettings.Command(1024, Duration.ofMillis(200), Duration.ofSeconds(1));

    private static ExecutorService blocking;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startExecutor() {
        blocking = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-blocking");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stopExecutor() {
        blocking.shutdownNow();
    }

    private static HandlerSpec.Command sh(String script) {
        return sh(script, Map.of());
    }

    private static HandlerSpec.Command sh(String script, Map<String, String> env) {
        return new HandlerSpec.Command(List.of("sh", "-c", script), Optional.empty(), env, Optional.empty());
    }

    private static TaskResult run(HandlerSpec.Command spec, TaskContext context) throws Exception {
        return new CommandTaskHandler(spec, SETTINGS, blocking).run(context).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void exit_0_succeeds_with_the_last_non_empty_stdout_line_as_result() throws Exception {
        HandlerSpec.Command spec = sh("echo first; echo 'the answer: 42'; echo; echo '  '");
        TaskResult result = run(spec, context("run-1", task("report", spec)));

        assertTrue(result.success(), result.toString());
        assertEquals("the answer: 42", result.result());
        assertEquals(Optional.of(0), result.exitCode());
        assertTrue(result.outputTail().startsWith("first\n"));
    }

    @Test
    void a_non_zero_exit_fails_with_its_code_and_the_stderr_tail() throws Exception {
        HandlerSpec.Command spec = sh("echo partial; echo 'no data for 2026-11-20' >&2; exit 3");
        TaskResult result = run(spec, context("run-2", task("load", spec)));

        assertFalse(result.success());
        assertEquals(Optional.of(3), result.exitCode());
        assertEquals(Optional.of("exit code 3: no data for 2026-11-20"), result.error());
        assertEquals("no data for 2026-11-20\n", result.errorTail());
        assertFalse(result.cancelled());
    }

    @Test
    void the_environment_carries_the_run_id_task_attempt_parameters_and_the_task_environment() throws Exception {
        HandlerSpec.Command spec = sh(
                "echo \"$INTERLUDE_RUN_ID|$INTERLUDE_TASK|$INTERLUDE_ATTEMPT|$INTERLUDE_PARAM_TRADE_DATE|$DESK\"",
                Map.of("DESK", "equities"));
        TaskContext context = context("run-3f9", task("calc_pnl", spec), Map.of("trade-date", "2026-11-20"),
                Cancellation.create());

        assertEquals("run-3f9|calc_pnl|1|2026-11-20|equities", run(spec, context).result());
    }

    @Test
    void the_working_directory_is_the_tasks() throws Exception {
        HandlerSpec.Command spec = new HandlerSpec.Command(List.of("pwd"), Optional.of(tmp.toString()), Map.of(),
                Optional.empty());

        assertEquals(tmp.toRealPath().toString(), run(spec, context("run-4", task("where", spec))).result());
    }

    @Test
    void output_beyond_the_limit_keeps_only_the_tail() throws Exception {
        HandlerSpec.Command spec = sh("i=0; while [ $i -lt 2000 ]; do echo \"line $i of noise\"; i=$((i+1)); done;"
                + " echo done >&2; echo 'final line'");
        TaskResult result = run(spec, context("run-5", task("noisy", spec)));

        assertTrue(result.success());
        assertEquals("final line", result.result());
        assertTrue(result.outputTail().getBytes(StandardCharsets.UTF_8).length <= SETTINGS.outputTailBytes(),
                "tail is " + result.outputTail().length() + " chars");
        assertTrue(result.outputTail().endsWith("line 1999 of noise\nfinal line\n"));
        assertFalse(result.outputTail().contains("line 0 of noise"));
    }

    @Test
    void a_command_that_cannot_start_fails_without_throwing() throws Exception {
        HandlerSpec.Command spec = new HandlerSpec.Command(List.of(tmp.resolve("missing").toString()),
                Optional.empty(), Map.of(), Optional.empty());
        TaskResult result = run(spec, context("run-6", task("missing", spec)));

        assertFalse(result.success());
        assertTrue(result.error().orElseThrow().startsWith("cannot start "), result.error().orElseThrow());
    }

    @Test
    void a_memory_limit_runs_the_command_under_prlimit() throws Exception {
        Optional<Path> prlimit = CommandTaskHandler.findOnPath("prlimit");
        assumeTrue(prlimit.isPresent(), "prlimit is not on the PATH");
        HandlerSpec.Command spec = new HandlerSpec.Command(List.of("sh", "-c", "ulimit -v"), Optional.empty(),
                Map.of(), Optional.of(64));
        TaskResult result = run(spec, context("run-7", task("limited", spec)));

        assertEquals("65536", result.result(), result.toString());
    }

    @Test
    void without_prlimit_the_memory_limit_is_skipped() {
        HandlerSpec.Command spec = new HandlerSpec.Command(List.of("true"), Optional.empty(), Map.of(),
                Optional.of(64));
        CommandTaskHandler handler = new CommandTaskHandler(spec, SETTINGS, blocking, Optional.empty(), h -> { });

        assertEquals(List.of("true"), handler.commandLine());
    }

    @Test
    void a_background_child_holding_the_pipes_delays_the_result_by_the_drain_timeout_only() throws Exception {
        HandlerSettings.Command quickDrain = new HandlerSettings.Command(1024, Duration.ofMillis(200),
                Duration.ofMillis(200));
        HandlerSpec.Command spec = sh("sleep 30 & echo $!");
        TaskResult result = new CommandTaskHandler(spec, quickDrain, blocking)
                .run(context("run-bg", task("leaves_a_child", spec))).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        ProcessHandle orphan = ProcessHandle.of(Long.parseLong(result.result())).orElseThrow();
        try {
            assertTrue(result.success(), result.toString());
            assertTrue(orphan.isAlive(), "the exit of the command is the outcome; its orphans are not waited for");
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void cancellation_kills_the_process_and_its_children() throws Exception {
        Path ready = fifo("ready");
        HandlerSpec.Command spec = sh("sleep 600 & echo \"$$ $!\" > \"$READY\"; sleep 600",
                Map.of("READY", ready.toString()));
        Cancellation cancellation = Cancellation.create();
        CompletableFuture<String> pids = readAsync(ready);
        CompletableFuture<TaskResult> result = new CommandTaskHandler(spec, SETTINGS, blocking)
                .run(context("run-8", task("hung", spec), Map.of(), cancellation)).toCompletableFuture();

        Set<ProcessHandle> tree = new HashSet<>();
        for (String pid : pids.get(10, TimeUnit.SECONDS).trim().split(" ")) {
            ProcessHandle handle = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
            tree.add(handle);
            handle.descendants().forEach(tree::add);
        }
        assertTrue(tree.size() >= 2, "the shell and its background child: " + tree);
        assertFalse(result.isDone());

        cancellation.cancel("timeout after 30m");
        TaskResult outcome = result.get(10, TimeUnit.SECONDS);

        assertTrue(outcome.cancelled());
        assertFalse(outcome.success());
        assertEquals(Optional.of("cancelled: timeout after 30m"), outcome.error());
        for (ProcessHandle handle : tree) {
            handle.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(handle.isAlive(), "pid " + handle.pid() + " still alive");
        }
    }

    @Test
    void a_process_ignoring_term_is_killed_after_the_grace_period() throws Exception {
        Path ready = fifo("ready");
        HandlerSpec.Command spec = sh("trap '' TERM; echo ready > \"$READY\"; sleep 600",
                Map.of("READY", ready.toString()));
        Cancellation cancellation = Cancellation.create();
        CompletableFuture<String> readiness = readAsync(ready);
        CompletableFuture<TaskResult> result = new CommandTaskHandler(spec, SETTINGS, blocking)
                .run(context("run-9", task("stubborn", spec), Map.of(), cancellation)).toCompletableFuture();
        assertEquals("ready", readiness.get(10, TimeUnit.SECONDS).trim());

        long cancelledAt = System.nanoTime();
        cancellation.cancel("timeout");
        TaskResult outcome = result.get(10, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - cancelledAt);

        assertTrue(outcome.cancelled());
        assertEquals(Optional.of(128 + 9), outcome.exitCode(), "killed by KILL, not TERM");
        assertTrue(took.compareTo(SETTINGS.killGrace()) >= 0, "killed after " + took);
    }

    private Path fifo(String name) throws Exception {
        Path path = tmp.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        return path;
    }

    /** Opening a FIFO blocks until the script opens it for writing: a readiness signal with no polling. */
    private static CompletableFuture<String> readAsync(Path fifo) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blocking);
    }
}
