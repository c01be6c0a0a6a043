package dev.interlude.engine;

import com.typesafe.config.Config;
import dev.interlude.core.Durations;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.Problem;
import dev.interlude.engine.handler.HandlerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the node's own settings ({@code interlude.node}, {@code interlude.supervisor}, {@code interlude.dry-run},
 * {@code interlude.status}, {@code interlude.handlers}) before anything starts, so a typo or a bad value is a line
 * naming its path, not a failure inside a running node.
 */
public final class NodeConfigCheck {

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
            i.require("dry-run");
            i.bool("dry-run");
        });
        return problems.stream().sorted().distinct().toList();
    }

    private static void node(ConfigSection node) {
        node.allowOnly(Set.of("hostname", "port", "seed-nodes"));
        node.require("hostname", "port", "seed-nodes");
        node.nonBlankString("hostname");
        node.ensure("port", node.wholeNumber("port", "a port number"), p -> p >= 0 && p <= 65535,
                p -> "expected a port from 0 (any free port) to 65535, got " + p);
        node.strings("seed-nodes");
    }

    private static void supervisor(ConfigSection supervisor) {
        supervisor.allowOnly(Set.of("safety-tick", "snapshot-every", "keep-snapshots", "stop-file", "drain-timeout",
                "journal-failure-backoff"));
        supervisor.require("safety-tick", "snapshot-every", "keep-snapshots", "stop-file", "drain-timeout",
                "journal-failure-backoff");
        supervisor.requiredSection("journal-failure-backoff").ifPresent(NodeConfigCheck::journalBackoff);
        supervisor.positiveDuration("safety-tick");
        supervisor.positiveDuration("drain-timeout");
        atLeast(supervisor, "snapshot-every", 1, "a whole number of events");
        atLeast(supervisor, "keep-snapshots", 1, "a whole number of snapshots");
        supervisor.string("stop-file");
    }

    /** Restarts after a journal failure: at least 10ms, at most 10 minutes, min <= max, a factor from 0 to 1. */
    private static void journalBackoff(ConfigSection backoff) {
        backoff.allowOnly(Set.of("min", "max", "random-factor"));
        backoff.require("min", "max", "random-factor");
        Duration floor = Duration.ofMillis(10);
        Duration ceiling = Duration.ofMinutes(10);
        Optional<Duration> min = backoff.ensure("min", backoff.duration("min"),
                d -> d.compareTo(floor) >= 0 && d.compareTo(ceiling) <= 0,
                d -> "expected 10ms to 10m, got " + Durations.human(d));
        Optional<Duration> max = backoff.ensure("max", backoff.duration("max"),
                d -> d.compareTo(floor) >= 0 && d.compareTo(ceiling) <= 0,
                d -> "expected 10ms to 10m, got " + Durations.human(d));
        if (min.isPresent() && max.isPresent() && max.get().compareTo(min.get()) < 0) {
            backoff.problem("max", "must be at least min (" + Durations.human(min.get()) + "), got "
                    + Durations.human(max.get()));
        }
        backoff.fraction("random-factor");
    }

    private static void status(ConfigSection status) {
        status.allowOnly(Set.of("buffer", "memory-alert-after"));
        status.require("buffer", "memory-alert-after");
        atLeast(status, "buffer", 1, "a whole number of events");
        atLeast(status, "memory-alert-after", 1, "a whole number of plans");
    }

    private static void handlers(ConfigSection handlers) {
        handlers.allowOnly(Set.of("command", "http"));
        handlers.requiredSection("command").ifPresent(command -> {
            command.allowOnly(Set.of("output-tail-bytes", "kill-grace", "drain-timeout"));
            command.require("output-tail-bytes", "kill-grace", "drain-timeout");
            positiveBytes(command, "output-tail-bytes");
            command.positiveDuration("kill-grace");
            command.positiveDuration("drain-timeout");
        });
        handlers.requiredSection("http").ifPresent(http -> {
            http.allowOnly(Set.of("max-response-bytes", "connect-timeout", "circuit-breaker"));
            http.require("max-response-bytes", "connect-timeout", "circuit-breaker");
            positiveBytes(http, "max-response-bytes");
            http.positiveDuration("connect-timeout");
            http.requiredSection("circuit-breaker").ifPresent(breaker -> {
                breaker.allowOnly(Set.of("max-failures", "call-timeout", "reset-timeout"));
                breaker.require("max-failures", "call-timeout", "reset-timeout");
                atLeast(breaker, "max-failures", 1, "a whole number of failures");
                breaker.positiveDuration("call-timeout");
                breaker.positiveDuration("reset-timeout");
            });
        });
    }

    /** Sizes are read as {@link HandlerSettings#create} reads them: a number of bytes, or with a unit (64KiB). */
    private static void positiveBytes(ConfigSection section, String key) {
        section.ensure(key, section.byteSize(key), n -> n >= 1, n -> "must be at least 1 byte, got " + n);
    }

    private static void atLeast(ConfigSection section, String key, int minimum, String what) {
        section.ensure(key, section.wholeNumber(key, what), n -> n >= minimum,
                n -> "must be at least " + minimum + ", got " + n);
    }
}
