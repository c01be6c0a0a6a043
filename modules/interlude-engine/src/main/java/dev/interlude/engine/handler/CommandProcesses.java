package dev.interlude.engine.handler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands this machine's nodes have running, one small file each in a directory
 * ({@code interlude.handlers.command.process-dir}): the command's pid and start time, and the pid and start time of
 * the node that started it. A node killed outright ({@code kill -9}, the OOM killer, a power-off of the JVM only)
 * cannot stop its commands, and the node that comes back runs their runs again with the same run ids: so before a
 * node starts, it {@link #reapLeftovers stops the commands whose node is gone}, and a run never executes twice at
 * once on this machine. A command whose node is still alive (another node of the cluster on the same machine) is
 * left alone; a pid that was reused by another process since (a different start time) is never touched.
 */
public final class CommandProcesses {

    private static final Logger log = LoggerFactory.getLogger(CommandProcesses.class);
    private static final String SUFFIX = ".pid";

    private final Path dir;
    private final ProcessHandle owner;

    private CommandProcesses(Path dir, ProcessHandle owner) {
        this.dir = dir;
        this.owner = owner;
    }

    /** The records of the commands started by this JVM, in {@code dir}. */
    public static CommandProcesses in(Path dir) {
        return new CommandProcesses(dir, ProcessHandle.current());
    }

    /** Records in {@code dir} as if {@code owner} had started the commands (for tests). */
    static CommandProcesses in(Path dir, ProcessHandle owner) {
        return new CommandProcesses(dir, owner);
    }

    /** Records that {@code process} runs attempt {@code attempt} of run {@code runId}; failures are logged only. */
    public void started(String runId, int attempt, ProcessHandle process) {
        Optional<Instant> processStart = process.info().startInstant();
        Optional<Instant> ownerStart = owner.info().startInstant();
        if (processStart.isEmpty() || ownerStart.isEmpty()) {
            log.debug("run {} attempt {}: no start time for pid {}; not recorded", runId, attempt, process.pid());
            return;
        }
        Properties record = new Properties();
        record.setProperty("run", runId);
        record.setProperty("attempt", Integer.toString(attempt));
        record.setProperty("pid", Long.toString(process.pid()));
        record.setProperty("started", processStart.get().toString());
        record.setProperty("node-pid", Long.toString(owner.pid()));
        record.setProperty("node-started", ownerStart.get().toString());
        try {
            Files.createDirectories(dir);
            Path file = file(runId, attempt);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                record.store(out, "a command started by an Interlude node");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("run {} attempt {}: cannot record pid {} in {}: {}", runId, attempt, process.pid(), dir,
                    e.getMessage());
        }
    }

    /** The command of attempt {@code attempt} of run {@code runId} has exited. */
    public void ended(String runId, int attempt) {
        try {
            Files.deleteIfExists(file(runId, attempt));
        } catch (IOException e) {
            log.warn("run {} attempt {}: cannot remove its record from {}: {}", runId, attempt, dir, e.getMessage());
        }
    }

    /** The records in the directory now: for status pages and tests. */
    List<Path> records() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            log.warn("cannot list {}: {}", dir, e.getMessage());
        }
        return files;
    }

    /**
     * Stops every recorded command whose node is gone: TERM to it and its descendants, KILL to what is still alive
     * after {@code grace}. Their records are removed, and so are the records of commands that have exited. Runs
     * before the node starts (it blocks for at most {@code grace}). Returns one line per command stopped, for the
     * log.
     */
    public List<String> reapLeftovers(Duration grace) {
        List<String> stopped = new ArrayList<>();
        Set<ProcessHandle> terminated = new HashSet<>();
        for (Path file : records()) {
            Optional<Properties> record = read(file);
            if (record.isEmpty()) {
                log.warn("{} is not a command record; removing it", file);
                delete(file);
                continue;
            }
            Properties r = record.get();
            if (alive(r.getProperty("node-pid"), r.getProperty("node-started")).isPresent()) {
                continue; // its node runs: another node of the cluster on this machine
            }
            Optional<ProcessHandle> process = alive(r.getProperty("pid"), r.getProperty("started"));
            if (process.isPresent()) {
                Set<ProcessHandle> tree = new HashSet<>();
                tree.add(process.get());
                process.get().descendants().forEach(tree::add);
                tree.forEach(ProcessHandle::destroy);
                terminated.addAll(tree);
                stopped.add("run " + r.getProperty("run") + " attempt " + r.getProperty("attempt") + " (pid "
                        + r.getProperty("pid") + ", started " + r.getProperty("started") + ")");
            }
            delete(file);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : terminated) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                // still alive after the grace period: killed below
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        return stopped;
    }

    /** The process {@code pid} if it is alive and started at {@code started} (so not a reused pid). */
    private static Optional<ProcessHandle> alive(String pid, String started) {
        try {
            Instant at = Instant.parse(started);
            return ProcessHandle.of(Long.parseLong(pid))
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().startInstant().map(at::equals).orElse(false));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Properties> read(Path file) {
        Properties record = new Properties();
        try (var in = Files.newInputStream(file)) {
            record.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        for (String key : List.of("run", "attempt", "pid", "started", "node-pid", "node-started")) {
            if (record.getProperty(key) == null) {
                return Optional.empty();
            }
        }
        return Optional.of(record);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }

    private Path file(String runId, int attempt) {
        return dir.resolve(URLEncoder.encode(runId, StandardCharsets.UTF_8) + "-" + attempt + SUFFIX);
    }
}
