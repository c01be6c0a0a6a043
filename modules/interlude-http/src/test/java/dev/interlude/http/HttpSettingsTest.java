package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.Problem;
import java.nio.charset.StandardCharsets;
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
}
