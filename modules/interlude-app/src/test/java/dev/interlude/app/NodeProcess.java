package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code interlude run} in a process of its own, on this test's classpath: started with a chosen environment (none
 * of the caller's {@code INTERLUDE_*} variables), its stdout and stderr in a log file, and killed with SIGKILL.
 */
final class NodeProcess {

    /** A JVM killed by a signal exits with 128 + the signal's number: 137 for SIGKILL (9), 143 for SIGTERM. */
    static final int KILLED_BY_SIGKILL = 137;

    private static final Pattern SERVING = Pattern.compile(
            "serving the API, the status feed and the dashboard on (http://[^/\\s]+/)");
    private static final long POLL_MILLIS = 100;

    private final Process process;
    private final Path log;
    private final Instant spawnedAt;
    private final HttpClient http;

    private NodeProcess(Process process, Path log, Instant spawnedAt, HttpClient http) {
        this.process = process;
        this.log = log;
        this.spawnedAt = spawnedAt;
        this.http = http;
    }

    /**
     * Starts {@code java -cp <this classpath> dev.interlude.app.Interlude <args>} with {@code environment} on top of
     * the caller's environment, minus every {@code INTERLUDE_*} variable the caller had.
     */
    static NodeProcess start(Map<String, String> environment, Path log, HttpClient http, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(),
                // A short-lived node: start fast, small heap, the app's own logging (not the tests' logback-test.xml).
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-Dlogback.configurationFile=" + Interlude.class.getResource("/logback.xml"),
                "-cp", System.getProperty("java.class.path"), Interlude.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("INTERLUDE_"));
        builder.environment().putAll(environment);
        // The node runs on the machine's clock (it is a real node, not one on a test clock): its stamps are compared
        // with this one.
        Instant spawnedAt = Instant.now();
        return new NodeProcess(builder.start(), log, spawnedAt, http);
    }

    long pid() {
        return process.pid();
    }

    /** The node's command guard (its one child process that is a JVM: the commands it runs are not), once it runs. */
    ProcessHandle guard() throws IOException, InterruptedException {
        return await("running its command guard", Duration.ofSeconds(30), () -> process.toHandle().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst());
    }

    /** When the process was started: anything the node decides is stamped later. */
    Instant spawnedAt() {
        return spawnedAt;
    }

    /**
     * The node's HTTP address, once its log says where it listens and {@code /health/ready} answers 200 (the node is
     * Up and its supervisor recovered); fails with the end of its log if it dies or {@code deadline} passes first.
     */
    URI awaitReady(Duration deadline) throws IOException, InterruptedException {
        URI[] base = {null};
        return await("ready", deadline, () -> {
            if (base[0] == null) {
                Matcher serving = SERVING.matcher(Files.readString(log));
                if (serving.find()) {
                    base[0] = URI.create(serving.group(1));
                }
            }
            return base[0] != null && status(base[0].resolve("health/ready")) == 200
                    ? Optional.of(base[0]) : Optional.empty();
        });
    }

    /** What a look at the node (its log, its API, the files its commands write) finds, if anything yet. */
    @FunctionalInterface
    interface Look<T> {
        Optional<T> find() throws IOException, InterruptedException;
    }

    /**
     * What {@code look} finds, looking every {@value #POLL_MILLIS} ms: the node is another operating-system process,
     * with nothing to subscribe to, so this is the one place the tests of real nodes wait by polling. Fails with
     * the end of the node's log as soon as the node dies, or once {@code deadline} passes.
     */
    <T> T await(String what, Duration deadline, Look<T> look) throws IOException, InterruptedException {
        return await(what, deadline, look, () -> "");
    }

    /** {@link #await(String, Duration, Look)}, with {@code lastSeen} (what was seen last) in the failure. */
    <T> T await(String what, Duration deadline, Look<T> look, Supplier<String> lastSeen)
            throws IOException, InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                fail("the node exited with " + process.exitValue() + " before it was " + what + ":\n" + tail());
            }
            Optional<T> found = look.find();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(POLL_MILLIS);
        }
        String seen = lastSeen.get();
        fail("the node was not " + what + " within " + deadline.toSeconds() + " s" + (seen.isEmpty() ? "" : " ("
                + seen + ")") + ":\n" + tail());
        return null;
    }

    private int status(URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        }
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux); returns once the process is gone, checking it was. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            fail("the node did not die within 30 s of SIGKILL");
        }
        assertEquals(KILLED_BY_SIGKILL, process.exitValue(), "the node was killed by SIGKILL, not stopped");
    }

    /** The exit code once the process ends by itself; fails with the end of its log if it outlives {@code deadline}. */
    int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the node still runs after " + deadline.toSeconds() + " s:\n" + tail());
        }
        return process.exitValue();
    }

    /** Kills the process if it still runs, without checking anything: for cleaning up after a failure. */
    void destroy() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
