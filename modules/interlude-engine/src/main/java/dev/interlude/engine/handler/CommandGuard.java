package dev.interlude.engine.handler;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The watch a node keeps over its commands from outside its own JVM: a small process of its own, started with the
 * node, that waits for the node's JVM to end and then stops the commands it left running (TERM to each command and
 * its descendants, KILL after {@code kill-grace}), as the next node to start on this machine would
 * ({@link CommandProcesses#reapLeftovers}).
 *
 * <p>Why: a node killed outright (SIGKILL, the OOM killer) cannot stop its commands, which the operating system
 * leaves running. In a cluster another node retries their runs, with the same run ids, as soon as it has taken over
 * (seconds later): without the guard the first execution would still be running beside its retry. With it, a
 * command outlives its node by about the guard's notice (well under a second) plus at most {@code kill-grace}.
 *
 * <p>It exits once it has done that, or when the node stops normally (after stopping anything the node's drain left
 * running). It holds no state: killed with the node (the whole process group), the next node on this machine still
 * reaps the commands before it starts.
 */
public final class CommandGuard {

    /** The guard's own JVM: small, and quick to start; it only waits, then reads a few files. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx24m", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xshare:auto");

    private CommandGuard() {
    }

    /**
     * Starts the guard of this JVM's commands, recorded in {@code processDir}; its lines go to this process's
     * standard output.
     *
     * @throws IOException if the guard's process cannot be started
     */
    public static Process start(Path processDir, Duration killGrace) throws IOException {
        return start(ProcessHandle.current(), processDir, killGrace);
    }

    /** The guard of {@code node}'s commands (for tests: a stand-in for a node's JVM). */
    static Process start(ProcessHandle node, Path processDir, Duration killGrace) throws IOException {
        Instant started = node.info().startInstant()
                .orElseThrow(() -> new IOException("the start time of process " + node.pid() + " is unknown"));
        return start(node.pid(), started, processDir, killGrace);
    }

    /** The guard of the commands of the node that is (or was) process {@code pid}, started at {@code started}. */
    static Process start(long pid, Instant started, Path processDir, Duration killGrace) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CommandGuard.class.getName(),
                Long.toString(pid), started.toString(), processDir.toAbsolutePath().toString(),
                Long.toString(killGrace.toMillis())));
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** {@code NODE_PID NODE_STARTED PROCESS_DIR KILL_GRACE_MILLIS}: waits for the node, then stops its commands. */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: CommandGuard NODE_PID NODE_STARTED PROCESS_DIR KILL_GRACE_MILLIS");
            System.exit(2);
        }
        long pid = Long.parseLong(args[0]);
        Instant started = Instant.parse(args[1]);
        Path dir = Path.of(args[2]);
        Duration grace = Duration.ofMillis(Long.parseLong(args[3]));
        node(pid, started).ifPresent(node -> node.onExit().join());
        for (String stopped : CommandProcesses.in(dir).reapLeftovers(grace)) {
            // straight to the output the node's log went to, in its format: the guard has no logging of its own
            System.out.println(Clock.systemUTC().instant().truncatedTo(ChronoUnit.MILLIS) + " WARN  CommandGuard - "
                    + "stopped a command its node (pid " + pid + ") left running when it ended: " + stopped);
        }
        System.out.flush();
        System.exit(0);
    }

    /** The node's process, if it still runs (the same process: a reused pid has another start time). */
    static Optional<ProcessHandle> node(long pid, Instant started) {
        return ProcessHandle.of(pid).filter(p -> p.info().startInstant().map(started::equals).orElse(false));
    }
}
