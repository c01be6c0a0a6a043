package dev.interlude.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void a_port_out_of_range_is_refused() {
        assertEquals(List.of("interlude.node.port: expected a port from 0 (any free port) to 65535, got 70000"),
                problems("interlude.node.port = 70000"));
    }

    @Test
    void byte_sizes_are_read_with_or_without_a_unit_as_the_handlers_read_them() {
        assertEquals(List.of(), problems("interlude.handlers.command.output-tail-bytes = 64KiB"));
        assertEquals(List.of("interlude.handlers.http.max-response-bytes: expected a size in bytes such as 65536 "
                + "or 64KiB, got \"lots\""), problems("interlude.handlers.http.max-response-bytes = lots"));
    }
}
