package dev.interlude.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.interlude.core.Durations;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.Problem;
import dev.interlude.core.task.TaskBounds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the node's own settings ({@code interlude.node}, {@code interlude.supervisor}, {@code interlude.dry-run},
 * {@code interlude.status}, {@code interlude.handlers}, the blocking dispatcher's pool) before anything starts, so a
 * typo or a bad value is a line naming its path, not a failure inside a running node. Every number, duration and
 * size has a range (the constants below), named with the value when it is outside it.
 */
public final class NodeConfigCheck {

    /** The supervisor decides at least this often, so a stop file is noticed within it. */
    public static final Duration MAX_SAFETY_TICK = Duration.ofHours(1);
    /** The longest a start may be decided ahead of its due instant. */
    public static final Duration MAX_START_LEAD = Duration.ofSeconds(5);
    /** The longest a graceful shutdown waits for runs in flight. */
    public static final Duration MAX_DRAIN_TIMEOUT = Duration.ofDays(1);
    public static final int MAX_SNAPSHOT_EVERY = 100_000;
    public static final int MAX_KEEP_SNAPSHOTS = 100;
    /** Status events kept for clients that resume (each is small, but every node keeps them). */
    public static final int MAX_STATUS_BUFFER = 1_000_000;
    public static final int MAX_MEMORY_ALERT_AFTER = 10_000;
    /** What one attempt keeps of a command's output (per stream) or of an HTTP response, in memory. */
    public static final int MAX_KEPT_BYTES = 16 * 1024 * 1024;
    /** Waits around a process or a connection: kill grace, pipe drain, connect timeout. */
    public static final Duration MAX_PROCESS_WAIT = Duration.ofMinutes(10);
    public static final int MAX_BREAKER_FAILURES = 1000;
    public static final Duration MAX_BREAKER_RESET = Duration.ofDays(1);
    public static final int MAX_BLOCKING_THREADS = 256;
    /** A seed node's address: this product's actor system ({@value Node#SYSTEM_NAME}) at a host and port. */
    private static final Pattern SEED = Pattern.compile(
            "pekko://" + Node.SYSTEM_NAME + "@(\\[[0-9A-Fa-f:.]+\\]|[^\\s:/@\\[\\]]+):(\\d{1,5})");
    /** The shortest failure-detection and stability settings: below them a GC pause downs a healthy node. */
    public static final Duration MIN_HEARTBEAT_PAUSE = Duration.ofSeconds(1);
    public static final Duration MIN_STABLE_AFTER = Duration.ofSeconds(2);
    public static final Duration MAX_FAILOVER_SETTING = Duration.ofMinutes(10);

    private NodeConfigCheck() {
    }

    /** Every problem of the node's settings in {@code root} (which has the reference defaults), sorted by path. */
    public static List<Problem> problems(Config root) {
        List<Problem> problems = new ArrayList<>();
        Optional<ConfigSection> interlude = new ConfigSection(root.root(), "", problems).requiredSection("interlude");
        interlude.ifPresent(i -> {
            i.requiredSection("node").ifPresent(NodeConfigCheck::node);
            i.requiredSection("supervisor").ifPresent(NodeConfigCheck::supervisor);
            i.requiredSection("status").ifPresent(NodeConfigCheck::status);
            i.requiredSection("handlers").ifPresent(NodeConfigCheck::handlers);
            i.requiredSection("blocking-dispatcher").ifPresent(NodeConfigCheck::blockingDispatcher);
            i.require("dry-run");
            i.bool("dry-run");
        });
        return problems.stream().sorted().distinct().toList();
    }

    private static void node(ConfigSection node) {
        node.allowOnly(Set.of("hostname", "port", "seed-nodes", "scheduler-tick", "failover"));
        node.require("hostname", "port", "seed-nodes", "scheduler-tick", "failover");
        node.duration("scheduler-tick", Duration.ofMillis(1), Duration.ofMillis(100));
        node.nonBlankString("hostname");
        node.wholeNumber("port", "a port number", 0, 65535);
        seedNodes(node);
        node.requiredSection("failover").ifPresent(failover -> {
            failover.allowOnly(Set.of("heartbeat-pause", "stable-after"));
            failover.require("heartbeat-pause", "stable-after");
            failover.duration("heartbeat-pause", MIN_HEARTBEAT_PAUSE, MAX_FAILOVER_SETTING);
            failover.duration("stable-after", MIN_STABLE_AFTER, MAX_FAILOVER_SETTING);
        });
    }

    /** A list of seed addresses, or one string of them separated by commas ({@code INTERLUDE_SEED_NODES}). */
    private static void seedNodes(ConfigSection node) {
        if (!node.has("seed-nodes")) {
            return; // already reported by require
        }
        ConfigValue value = node.object().get("seed-nodes");
        List<String> seeds;
        if (value.valueType() == ConfigValueType.STRING) {
            seeds = Node.splitSeedNodes((String) value.unwrapped());
        } else {
            Optional<List<String>> list = node.strings("seed-nodes");
            if (list.isEmpty()) {
                return;
            }
            seeds = list.get();
        }
        for (String seed : seeds) {
            Matcher address = SEED.matcher(seed);
            if (!address.matches() || Integer.parseInt(address.group(2)) > 65535) {
                node.problem("seed-nodes", "expected addresses such as pekko://" + Node.SYSTEM_NAME
                        + "@10.0.0.5:25520 (a list, or one string separated by commas), got \"" + seed + "\"");
            }
        }
    }

    private static void supervisor(ConfigSection supervisor) {
        supervisor.allowOnly(Set.of("safety-tick", "snapshot-every", "keep-snapshots", "stop-file", "drain-timeout",
                "journal-failure-backoff", "start-lead"));
        supervisor.require("safety-tick", "snapshot-every", "keep-snapshots", "stop-file", "drain-timeout",
                "journal-failure-backoff", "start-lead");
        supervisor.requiredSection("journal-failure-backoff").ifPresent(NodeConfigCheck::journalBackoff);
        supervisor.positiveDuration("safety-tick", MAX_SAFETY_TICK);
        supervisor.positiveDuration("drain-timeout", MAX_DRAIN_TIMEOUT);
        supervisor.wholeNumber("snapshot-every", "a whole number of events", 1, MAX_SNAPSHOT_EVERY);
        supervisor.wholeNumber("keep-snapshots", "a whole number of snapshots", 1, MAX_KEEP_SNAPSHOTS);
        supervisor.string("stop-file");
        supervisor.duration("start-lead", Duration.ZERO, MAX_START_LEAD);
    }

    /** Restarts after a journal failure: at least 10ms, at most 10 minutes, min <= max, a factor from 0 to 1. */
    private static void journalBackoff(ConfigSection backoff) {
        backoff.allowOnly(Set.of("min", "max", "random-factor"));
        backoff.require("min", "max", "random-factor");
        Duration floor = Duration.ofMillis(10);
        Duration ceiling = Duration.ofMinutes(10);
        Optional<Duration> min = backoff.duration("min", floor, ceiling);
        Optional<Duration> max = backoff.duration("max", floor, ceiling);
        if (min.isPresent() && max.isPresent() && max.get().compareTo(min.get()) < 0) {
            backoff.problem("max", "must be at least min (" + Durations.human(min.get()) + "), got "
                    + Durations.human(max.get()));
        }
        backoff.fraction("random-factor");
    }

    private static void status(ConfigSection status) {
        status.allowOnly(Set.of("buffer", "memory-alert-after", "batch-linger"));
        status.require("buffer", "memory-alert-after", "batch-linger");
        status.duration("batch-linger", Duration.ZERO, Duration.ofSeconds(1));
        status.wholeNumber("buffer", "a whole number of events", 1, MAX_STATUS_BUFFER);
        status.wholeNumber("memory-alert-after", "a whole number of plans", 1, MAX_MEMORY_ALERT_AFTER);
    }

    private static void handlers(ConfigSection handlers) {
        handlers.allowOnly(Set.of("command", "http"));
        handlers.requiredSection("command").ifPresent(command -> {
            command.allowOnly(Set.of("output-tail-bytes", "kill-grace", "drain-timeout", "process-dir"));
            command.require("output-tail-bytes", "kill-grace", "drain-timeout", "process-dir");
            command.string("process-dir");
            command.byteSize("output-tail-bytes", 1, MAX_KEPT_BYTES);
            command.positiveDuration("kill-grace", MAX_PROCESS_WAIT);
            command.positiveDuration("drain-timeout", MAX_PROCESS_WAIT);
        });
        handlers.requiredSection("http").ifPresent(http -> {
            http.allowOnly(Set.of("max-response-bytes", "connect-timeout", "circuit-breaker"));
            http.require("max-response-bytes", "connect-timeout", "circuit-breaker");
            http.byteSize("max-response-bytes", 1, MAX_KEPT_BYTES);
            http.positiveDuration("connect-timeout", MAX_PROCESS_WAIT);
            http.requiredSection("circuit-breaker").ifPresent(breaker -> {
                breaker.allowOnly(Set.of("max-failures", "call-timeout", "reset-timeout"));
                breaker.require("max-failures", "call-timeout", "reset-timeout");
                breaker.wholeNumber("max-failures", "a whole number of failures", 1, MAX_BREAKER_FAILURES);
                breaker.positiveDuration("call-timeout", TaskBounds.MAX_TASK_DURATION);
                breaker.positiveDuration("reset-timeout", MAX_BREAKER_RESET);
            });
        });
    }

    /** Only the pool's size: the rest of the block is Pekko's dispatcher configuration, checked by Pekko. */
    private static void blockingDispatcher(ConfigSection dispatcher) {
        dispatcher.section("thread-pool-executor").ifPresent(pool -> pool.wholeNumber("fixed-pool-size",
                "a whole number of threads", 1, MAX_BLOCKING_THREADS));
    }
}
