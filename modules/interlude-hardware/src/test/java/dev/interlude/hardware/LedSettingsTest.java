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

    @Test
    void huge_values_are_refused_naming_the_bound_and_the_value() {
        assertEquals(List.of(
                "interlude.hardware.alert.duration: must be at most 1m, got 99999999999d",
                "interlude.hardware.channels.system.brightness: must be at most 65535, got 99999999999",
                "interlude.hardware.restart.max-backoff: must be at most 1h, got 1e300d",
                "interlude.hardware.verify-every: must be at least 100ms, got 1ms"), problems("""
                interlude.hardware {
                  channels.system.brightness = 99999999999
                  alert.duration = 99999999999d
                  restart.max-backoff = 1e300d
                  verify-every = 1ms
                }
                """).stream().map(Problem::toString).toList());
    }
}
