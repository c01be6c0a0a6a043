package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskApiSettingsTest {

    private static Config config(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    @Test
    void command_handlers_over_the_api_are_off_by_default() {
        assertFalse(TaskApiSettings.create(config("")).allowCommandHandlers());
        assertTrue(TaskApiSettings.create(config("interlude.http.tasks.allow-command-handlers = on"))
                .allowCommandHandlers());
    }

    @Test
    void a_bad_setting_stops_the_node_with_its_path() {
        List<Problem> problems = HttpSettings.problems(config(
                "interlude.http.tasks { allow-command-handlers = maybe, allow-commands = on }"));
        assertEquals(List.of("interlude.http.tasks.allow-command-handlers", "interlude.http.tasks.allow-commands"),
                problems.stream().map(Problem::path).toList(), problems.toString());
    }
}
