package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSettingsTest {

    @Test
    void the_defaults_beat_every_15_seconds_and_let_a_client_fall_1000_events_behind() {
        assertEquals(new EventSettings(Duration.ofSeconds(15), 1000, Duration.ofSeconds(5)),
                EventSettings.load(ConfigFactory.defaultReference()));
    }

    @Test
    void bad_settings_are_named_by_their_path_with_the_rest_of_interlude_http() {
        List<Problem> problems = HttpSettings.problems(ConfigFactory.parseString("""
                interlude.http.events { heartbeat = 0s, buffer = 0, hartbeat = 5s }
                """).withFallback(ConfigFactory.defaultReference()));
        assertEquals(List.of(
                new Problem("interlude.http.events.buffer", "must be at least 1, got 0"),
                new Problem("interlude.http.events.hartbeat",
                        "unknown key \"hartbeat\", did you mean \"heartbeat\"?"),
                new Problem("interlude.http.events.heartbeat", "must be at least 1s, got 0s")), problems);
    }
}
