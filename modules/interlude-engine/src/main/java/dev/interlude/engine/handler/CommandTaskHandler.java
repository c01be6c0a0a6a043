package dev.interlude.engine.handler;

import dev.interlude.core.task.HandlerSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a subprocess: argv without a shell, a working directory, the node's environment plus the task's and
 * {@code INTERLUDE_RUN_ID}, {@code INTERLUDE_TASK}, {@code INTERLUDE_ATTEMPT} and one {@code INTERLUDE_PARAM_<NAME>}
 * per parameter. Exit code 0 is success; the result is the last non-empty line of stdout; the ends of stdout and
 * stderr are kept, bounded, while the pipes are drained continuously so the process never blocks on them.
 *
 * <p>A memory limit runs the command under {@code prlimit --as=<bytes> --} when {@code prlimit} is on the PATH.
 *
 * <p>Cancellation kills the whole tree: TERM to the process and every descendant, then KILL to whatever is still
 * alive after the grace period (scheduled, never slept). Starting the process and draining its pipes happen on the
 * executor given (the blocking dispatcher); the exit is awaited through {@link Process#onExit()}.
 */
public final class CommandTaskHandler implements TaskHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandTaskHandler.class);
    private static final int READ_CHUNK = 8192;

    private final HandlerSpec.Command spec;
    private final HandlerSettings.Command settings;
    private final Executor blocking;
    private final Optional<Path> prlimit;
    private final Consumer<ProcessHandle> onStart;
    private final Optional<CommandProcesses> processes;

    public CommandTaskHandler(HandlerSpec.Command spec, HandlerSettings.Command settings, Executor blocking) {
        this(spec, settings, blocking, findOnPath("prlimit"), handle -> { });
    }

    /**
     * @param prlimit where {@code prlimit} is, if anywhere ({@link #findOnPath(String)})
     * @param onStart told each started process (its pid for status pages and tests); runs on the executor
     */
    public CommandTaskHandler(HandlerSpec.Command spec, HandlerSettings.Command settings, Executor blocking,
                              Optional<Path> prlimit, Consumer<ProcessHandle> onStart) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.prlimit = Objects.requireNonNull(prlimit, "prlimit");
        this.onStart = Objects.requireNonNull(onStart, "onStart");
        this.processes = settings.processDir().map(CommandProcesses::in);
        if (spec.argv().isEmpty()) {
            throw new IllegalArgumentException("a command handler needs a non-empty argv");
        }
    }

    @Override
    public CompletionStage<TaskResult> run(TaskContext context) {
        if (context.cancellation().isCancelled()) {
            return CompletableFuture.completedFuture(TaskResult.cancelled(context.cancellation().reason().orElse("")));
        }
        return CompletableFuture.supplyAsync(() -> start(context), blocking)
                .handle((process, failure) -> failure == null
                        ? supervise(process, context)
                        : CompletableFuture.completedFuture(TaskResult.failure(cause(failure).getMessage())))
                .thenCompose(Function.identity());
    }

    /** The command line actually started: argv, behind prlimit when there is a memory limit and prlimit exists. */
    List<String> commandLine() {
        List<String> command = new ArrayList<>();
        spec.memoryLimitMb().ifPresent(mb -> {
            if (prlimit.isPresent()) {
                command.add(prlimit.get().toString());
                command.add("--as=" + (long) mb * 1024 * 1024);
                command.add("--");
            } else {
                log.debug("memory limit of {} MB not applied: prlimit is not on the PATH", mb);
            }
        });
        command.addAll(spec.argv());
        return command;
    }

    private Process start(TaskContext context) {
        ProcessBuilder builder = new ProcessBuilder(commandLine());
        spec.workingDirectory().ifPresent(dir -> builder.directory(new File(dir)));
        Map<String, String> env = builder.environment();
        env.putAll(spec.environment());
        env.put("INTERLUDE_RUN_ID", context.runId());
        env.put("INTERLUDE_TASK", context.taskName());
        env.put("INTERLUDE_ATTEMPT", Integer.toString(context.attempt()));
        context.parameters().forEach((name, value) -> env.put("INTERLUDE_PARAM_" + envName(name), value));
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process process = builder.start();
            log.debug("run {} attempt {}: started pid {}: {}", context.runId(), context.attempt(), process.pid(),
                    spec.argv());
            processes.ifPresent(p -> p.started(context.runId(), context.attempt(), process.toHandle()));
            onStart.accept(process.toHandle());
            return process;
        } catch (IOException | RuntimeException e) {
            throw new CannotStart("cannot start " + spec.argv().get(0) + ": " + e.getMessage(), e);
        }
    }

    private CompletionStage<TaskResult> supervise(Process process, TaskContext context) {
        OutputTail out = new OutputTail(settings.outputTailBytes());
        OutputTail err = new OutputTail(settings.outputTailBytes());
        CompletableFuture<Void> outDone = CompletableFuture.runAsync(() -> drain(process.getInputStream(), out),
                blocking);
        CompletableFuture<Void> errDone = CompletableFuture.runAsync(() -> drain(process.getErrorStream(), err),
                blocking);
        context.cancellation().whenCancelled().thenRun(() -> killTree(process, context));
        return process.onExit()
                .thenCompose(exited -> CompletableFuture.allOf(outDone, errDone)
                        .completeOnTimeout(null, settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .thenApplyAsync(ignored -> outcome(process, out, err, context), blocking);
    }

    private TaskResult outcome(Process process, OutputTail out, OutputTail err, TaskContext context) {
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
        processes.ifPresent(p -> p.ended(context.runId(), context.attempt()));
        int code = process.exitValue();
        TaskResult result;
        if (context.cancellation().isCancelled()) {
            result = TaskResult.cancelled(context.cancellation().reason().orElse(""));
        } else if (code == 0) {
            result = TaskResult.success(out.lastLine());
        } else {
            result = TaskResult.failure("exit code " + code + lastErrorLine(err));
        }
        return result.withOutput(out.text(), err.text()).withExitCode(code);
    }

    private static String lastErrorLine(OutputTail err) {
        String line = err.lastLine();
        return line.isEmpty() ? "" : ": " + line;
    }

    /** TERM to the process and its descendants now, KILL to every one still alive after the grace period. */
    private void killTree(Process process, TaskContext context) {
        Set<ProcessHandle> tree = new HashSet<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        log.info("run {} attempt {} cancelled ({}): TERM to pids {}", context.runId(), context.attempt(),
                context.cancellation().reason().orElse(""), pids(tree));
        tree.forEach(ProcessHandle::destroy);
        Executor later = CompletableFuture.delayedExecutor(settings.killGrace().toMillis(), TimeUnit.MILLISECONDS,
                blocking);
        CompletableFuture.runAsync(() -> {
            Set<ProcessHandle> alive = new HashSet<>();
            for (ProcessHandle handle : tree) {
                if (handle.isAlive()) {
                    alive.add(handle);
                    handle.descendants().forEach(alive::add);
                }
            }
            if (!alive.isEmpty()) {
                log.info("run {} attempt {}: still alive after {}, KILL to pids {}", context.runId(),
                        context.attempt(), settings.killGrace(), pids(alive));
                alive.forEach(ProcessHandle::destroyForcibly);
            }
        }, later);
    }

    private static String pids(Set<ProcessHandle> handles) {
        return handles.stream().map(h -> Long.toString(h.pid())).sorted().collect(Collectors.joining(", "));
    }

    private static void drain(InputStream in, OutputTail tail) {
        byte[] buffer = new byte[READ_CHUNK];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                tail.write(buffer, 0, n);
            }
        } catch (IOException e) {
            log.debug("output pipe closed: {}", e.getMessage());
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            log.debug("closing an output pipe: {}", e.getMessage());
        }
    }

    /** {@code INTERLUDE_PARAM_} + the parameter's name in upper case, anything but letters and digits as '_'. */
    static String envName(String parameter) {
        return parameter.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The first executable regular file named {@code name} in the PATH's directories. */
    public static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    private static final class CannotStart extends RuntimeException {
        CannotStart(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
