package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    private static Config config(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    @Test
    void json_bodies_nest_at_most_32_levels_unless_configured_otherwise() {
        assertEquals(32, HttpSettings.load(config("")).maxJsonDepth());
        HttpSettings shallow = HttpSettings.load(config("interlude.http.max-json-depth = 4"));
        JsonBodies bodies = new JsonBodies(shallow.maxJsonDepth());
        bodies.object("{\"a\":{\"b\":{\"c\":[1]}}}".getBytes(StandardCharsets.UTF_8));
        Api.Refused refused = assertThrows(Api.Refused.class,
                () -> bodies.object("{\"a\":{\"b\":{\"c\":[[1]]}}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("the request body nests objects and arrays deeper than the 4 levels this node accepts "
                + "(interlude.http.max-json-depth)", refused.getMessage());
    }

    @Test
    void a_json_depth_out_of_bounds_stops_the_node_with_its_path() {
        for (String depth : List.of("1", "257", "deep", "32.5")) {
            List<Problem> problems = HttpSettings.problems(config("interlude.http.max-json-depth = " + depth));
            assertEquals(List.of("interlude.http.max-json-depth"), problems.stream().map(Problem::path).toList(),
                    problems.toString());
        }
    }

    @Test
    void every_number_duration_and_size_of_interlude_http_is_refused_beyond_its_range_with_path_bound_and_value() {
        List<String> problems = HttpSettings.problems(config("""
                interlude.http {
                  port = 65536, max-body = 2000MiB, max-json-depth = 99999999999
                  events { heartbeat = 300d, buffer = 2e9, hub-timeout = 300d }
                  health { supervisor-timeout = 300d, backlog-over = 2e9, error-rate-over = 1.5,
                           error-rate-window = 300d, no-completion-for = 300d, check-every = 300d }
                  history.max-attempts = 99999999999
                }
                """)).stream().map(Problem::toString).toList();
        assertEquals(List.of(
                "interlude.http.events.buffer: must be at most 1000000, got 2000000000",
                "interlude.http.events.heartbeat: must be at most 10m, got 300d",
                "interlude.http.events.hub-timeout: must be at most 1h, got 300d",
                "interlude.http.health.backlog-over: must be at most 1000000, got 2000000000",
                "interlude.http.health.check-every: must be at most 1h, got 300d",
                "interlude.http.health.error-rate-over: must be between 0 and 1, got 1.5",
                "interlude.http.health.error-rate-window: must be at most 7d, got 300d",
                "interlude.http.health.no-completion-for: must be at most 7d, got 300d",
                "interlude.http.health.supervisor-timeout: must be at most 1h, got 300d",
                "interlude.http.history.max-attempts: must be at most 10000000, got 99999999999",
                "interlude.http.max-body: must be at most 16MiB, got 2000MiB",
                "interlude.http.max-json-depth: must be at most 256, got 99999999999",
                "interlude.http.port: must be at most 65535, got 65536"), problems);
    }

    @Test
    void below_the_range_is_refused_too() {
        List<String> problems = HttpSettings.problems(config("""
                interlude.http {
                  port = -1, max-body = 0, max-json-depth = 1
                  events { heartbeat = 999ms, buffer = 0, hub-timeout = 0s }
                  health { supervisor-timeout = -1s, backlog-over = -1, error-rate-over = -0.1,
                           error-rate-window = 0s, no-completion-for = 0s, check-every = 500ms }
                  history.max-attempts = 0
                }
                """)).stream().map(Problem::toString).toList();
        assertEquals(List.of(
                "interlude.http.events.buffer: must be at least 1, got 0",
                "interlude.http.events.heartbeat: must be at least 1s, got 999ms",
                "interlude.http.events.hub-timeout: must be positive, got 0s",
                "interlude.http.health.backlog-over: must not be negative, got -1",
                "interlude.http.health.check-every: must be at least 1s, got 500ms",
                "interlude.http.health.error-rate-over: must be between 0 and 1, got -0.1",
                "interlude.http.health.error-rate-window: must be positive, got 0s",
                "interlude.http.health.no-completion-for: must be positive, got 0s",
                "interlude.http.health.supervisor-timeout: must be positive, got -1s",
                "interlude.http.history.max-attempts: must be at least 1, got 0",
                "interlude.http.max-body: must be at least 1 byte, got 0",
                "interlude.http.max-json-depth: must be at least 2, got 1",
                "interlude.http.port: must not be negative, got -1"), problems);
    }

    @Test
    void the_edges_of_every_range_are_accepted() {
        Config edges = config("""
                interlude.http {
                  port = 65535, max-body = 16MiB, max-json-depth = 256
                  events { heartbeat = 10m, buffer = 1000000, hub-timeout = 1h }
                  health { supervisor-timeout = 1h, backlog-over = 1000000, error-rate-over = 1,
                           error-rate-window = 7d, no-completion-for = 7d, check-every = 1h }
                  history.max-attempts = 10000000
                }
                """);
        assertEquals(List.of(), HttpSettings.problems(edges));
        HttpSettings http = HttpSettings.load(edges);
        assertEquals(65535, http.port());
        assertEquals(16 * 1024 * 1024, http.maxBodyBytes());
        assertEquals(new EventSettings(Duration.ofMinutes(10), 1_000_000, Duration.ofHours(1)),
                EventSettings.load(edges));
        assertEquals(new MonitoringSettings(Duration.ofHours(1), 1_000_000, 1.0, Duration.ofDays(7),
                Duration.ofDays(7), 10_000_000, Duration.ofHours(1)), MonitoringSettings.load(edges));
        Config low = config("""
                interlude.http { port = 0, max-body = 1, max-json-depth = 2, events { heartbeat = 1s, buffer = 1 }
                                 health { backlog-over = 0, error-rate-over = 0, check-every = 1s }
                                 history.max-attempts = 1 }
                """);
        assertEquals(List.of(), HttpSettings.problems(low));
    }
}
