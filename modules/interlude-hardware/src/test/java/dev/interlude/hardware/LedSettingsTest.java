package dev.interlude.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedSettingsTest {

    private static List<Problem> problems(String hocon) {
        return LedSettings.problems(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load()));
    }

    @Test
    void the_defaults_are_the_none_driver_with_three_channels() {
        LedSettings settings = LedSettings.load(ConfigFactory.load());
        assertEquals(LedSettings.Driver.NONE, settings.driver());
        assertEquals(List.of("system", "trading", "research"), settings.map().channels());
        assertEquals("led0", settings.channels().get(0).led());
        assertEquals(Duration.ofSeconds(3), settings.alertFor());
        assertEquals(LedPattern.OFF, settings.finalState());
    }

    @Test
    void names_the_path_of_each_problem() {
        List<Problem> problems = problems("""
                interlude.hardware {
                  device = gpio
                  map.mode.trading { tradng = on }
                  map.health.degraded { system = blinky }
                  channels.system.brightness = 0
                  alert.duration = 0s
                }
                """);
        List<String> paths = problems.stream().map(Problem::path).toList();
        assertEquals(List.of("interlude.hardware.alert.duration", "interlude.hardware.channels.system.brightness",
                "interlude.hardware.device", "interlude.hardware.map.health.degraded.system",
                "interlude.hardware.map.mode.trading.tradng"), paths, problems.toString());
        assertTrue(problems.get(2).toString().contains("expected one of none, console, sysfs"),
                problems.get(2).toString());
    }

    @Test
    void max_backoff_is_not_shorter_than_min_backoff() {
        assertEquals(List.of("interlude.hardware.restart.max-backoff"), problems(
                "interlude.hardware.restart { min-backoff = 10s, max-backoff = 1s }").stream()
                .map(Problem::path).toList());
    }
}
