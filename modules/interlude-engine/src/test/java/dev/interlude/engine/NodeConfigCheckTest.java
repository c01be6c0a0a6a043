package dev.interlude.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.Problem;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NodeConfigCheckTest {

    private static List<String> problems(String hocon) {
        Config config = ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
        return NodeConfigCheck.problems(config).stream().map(Problem::toString).collect(Collectors.toList());
    }

    @Test
    void the_defaults_have_no_problems() {
        assertEquals(List.of(), problems(""));
    }

    @Test
    void bad_values_and_typos_are_named_by_their_path() {
        assertEquals(List.of(
                        "interlude.dry-run: expected true or false, got \"maybe\"",
                        "interlude.handlers.http.circuit-breaker.max-failures: must be at least 1, got 0",
                        "interlude.node.port: expected a port number, got \"abc\"",
                        "interlude.status.buffer: must be at least 1, got 0",
                        "interlude.supervisor.safety-tik: unknown key \"safety-tik\", did you mean \"safety-tick\"?"),
                problems("interlude { node.port = abc, supervisor.safety-tik = 10s, status.buffer = 0, "
                        + "dry-run = maybe, handlers.http.circuit-breaker.max-failures = 0 }"));
    }

    @Test
    void the_journal_failure_backoff_is_bounded_and_its_max_is_not_below_its_min() {
        String at = "interlude.supervisor.journal-failure-backoff.";
        List<String> found = problems("interlude.supervisor.journal-failure-backoff { min = 2m, max = 30s, "
                + "random-factor = 1.5 }");
        assertEquals(List.of(at + "max: must be at least min (2m), got 30s",
                at + "random-factor: must be between 0 and 1, got 1.5"), found);
        List<String> huge = problems("interlude.supervisor.journal-failure-backoff { min = 1ms, max = 99999999999d }");
        assertEquals(2, huge.size(), huge.toString());
        assertTrue(huge.get(0).startsWith(at + "max: must be at most 10m"), huge.toString());
        assertTrue(huge.get(1).startsWith(at + "min: must be at least 10ms"), huge.toString());
        assertEquals(List.of(at + "mn: unknown key \"mn\", did you mean \"min\"?"),
                problems("interlude.supervisor.journal-failure-backoff.mn = 1s"));
    }

        @Test
    void the_start_lead_the_scheduler_tick_and_the_feed_linger_are_bounded() {
        assertEquals(List.of("interlude.node.scheduler-tick: must be at most 100ms, got 1s",
                        "interlude.status.batch-linger: must be at most 1s, got 5s",
                        "interlude.supervisor.start-lead: must be at most 5s, got 1m"),
                problems("interlude { supervisor.start-lead = 1m, node.scheduler-tick = 1s, status.batch-linger = 5s }"));
        assertEquals(List.of("interlude.node.scheduler-tick: must be at least 1ms, got 0ms"),
                problems("interlude.node.scheduler-tick = 0ms"));
        assertEquals(List.of(), problems("interlude { supervisor.start-lead = 0s, status.batch-linger = 0s }"));
    }

    @Test
    void seed_nodes_are_a_list_or_one_string_separated_by_commas_each_an_address_of_this_product() {
        assertEquals(List.of(), problems("interlude.node.seed-nodes = [\"pekko://interlude@10.0.0.5:25520\"]"));
        assertEquals(List.of(), problems("interlude.node.seed-nodes = \"pekko://interlude@n1:25520, "
                + "pekko://interlude@[::1]:25521,\""));
        String expected = "interlude.node.seed-nodes: expected addresses such as pekko://interlude@10.0.0.5:25520 (a "
                + "list, or one string separated by commas), got ";
        assertEquals(List.of(expected + "\"n2:25520\"", expected + "\"pekko://other@n1:25520\""), // sorted
                problems("interlude.node.seed-nodes = [\"pekko://other@n1:25520\", \"n2:25520\"]"));
        assertEquals(List.of(expected + "\"pekko://interlude@n1:99999\""),
                problems("interlude.node.seed-nodes = \"pekko://interlude@n1:99999\""));
        assertEquals(List.of("interlude.node.seed-nodes: expected a list of strings, got 5"),
                problems("interlude.node.seed-nodes = 5"));
        // and the node joins them, from either form
        assertEquals(List.of("pekko://interlude@n1:25520", "pekko://interlude@n2:25520"),
                Node.systemConfig(ConfigFactory.parseString("interlude.node.seed-nodes = \"pekko://interlude@n1:25520,"
                                + " pekko://interlude@n2:25520\"").withFallback(ConfigFactory.defaultReference())
                        .resolve()).getStringList("pekko.cluster.seed-nodes"));
    }

    @Test
    void failover_settings_are_bounded_and_reach_the_failure_detector_and_the_split_brain_resolver() {
        assertEquals(List.of("interlude.node.failover.heartbeat-pause: must be at least 1s, got 100ms",
                        "interlude.node.failover.stable-after: must be at least 2s, got 1s"),
                problems("interlude.node.failover { heartbeat-pause = 100ms, stable-after = 1s }"));
        Config pekko = Node.systemConfig(ConfigFactory.parseString("interlude.node.failover.stable-after = 7s")
                .withFallback(ConfigFactory.defaultReference()).resolve());
        assertEquals(java.time.Duration.ofSeconds(2),
                pekko.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause"));
        assertEquals(java.time.Duration.ofSeconds(7),
                pekko.getDuration("pekko.cluster.split-brain-resolver.stable-after"));
    }

    @Test
    void a_port_out_of_range_is_refused() {
        assertEquals(List.of("interlude.node.port: must be at most 65535, got 70000"),
                problems("interlude.node.port = 70000"));
    }

    @Test
    void huge_values_are_refused_naming_the_bound_and_the_value() {
        assertEquals(List.of(
                        "interlude.blocking-dispatcher.thread-pool-executor.fixed-pool-size: must be at most 256, "
                                + "got 100000",
                        "interlude.handlers.command.kill-grace: must be at most 10m, got 99999999999d",
                        "interlude.handlers.command.output-tail-bytes: must be at most 16MiB, got 1GiB",
                        "interlude.handlers.http.circuit-breaker.call-timeout: must be at most 7d, got 3650d",
                        "interlude.handlers.http.circuit-breaker.max-failures: must be at most 1000, "
                                + "got 99999999999",
                        "interlude.node.port: must be at most 65535, got 99999999999",
                        "interlude.status.buffer: must be at most 1000000, got 1e300",
                        "interlude.status.memory-alert-after: must be at least 1, got -5",
                        "interlude.supervisor.drain-timeout: must be at most 1d, got 1e300d",
                        "interlude.supervisor.keep-snapshots: must be at most 100, got 101",
                        "interlude.supervisor.safety-tick: must be at most 1h, got 2h",
                        "interlude.supervisor.snapshot-every: must be at most 100000, got 99999999999999999999"),
                problems("interlude { node.port = 99999999999, supervisor { safety-tick = 2h, drain-timeout = 1e300d,"
                        + " keep-snapshots = 101, snapshot-every = 99999999999999999999 }, status { buffer = \"1e300\","
                        + " memory-alert-after = -5 }, handlers { command { kill-grace = 99999999999d, "
                        + "output-tail-bytes = 1GiB }, http.circuit-breaker { max-failures = 99999999999, "
                        + "call-timeout = 3650d } }, blocking-dispatcher.thread-pool-executor.fixed-pool-size = 100000 }"));
    }

    @Test
    void the_largest_values_allowed_pass() {
        assertEquals(List.of(), problems("interlude { node.port = 65535, supervisor { safety-tick = 1h, "
                + "drain-timeout = 1d, keep-snapshots = 100, snapshot-every = 100000 }, status { buffer = 1000000, "
                + "memory-alert-after = 10000 }, handlers { command { kill-grace = 10m, drain-timeout = 10m, "
                + "output-tail-bytes = 16MiB }, http { max-response-bytes = 16MiB, connect-timeout = 10m, "
                + "circuit-breaker { max-failures = 1000, call-timeout = 7d, reset-timeout = 1d } } }, "
                + "blocking-dispatcher.thread-pool-executor.fixed-pool-size = 256 }"));
    }

    @Test
    void byte_sizes_are_read_with_or_without_a_unit_as_the_handlers_read_them() {
        assertEquals(List.of(), problems("interlude.handlers.command.output-tail-bytes = 64KiB"));
        assertEquals(List.of("interlude.handlers.http.max-response-bytes: expected a size in bytes such as 65536 "
                + "or 64KiB, got \"lots\""), problems("interlude.handlers.http.max-response-bytes = lots"));
    }
}
