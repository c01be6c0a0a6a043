package dev.interlude.engine.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The interlude.status block of the engine's reference.conf. */
class StatusSettingsTest {

    @Test
    void defaults_keep_1000_events_alert_after_5_plans_and_linger_20_ms() {
        assertEquals(new StatusSettings(1000, 5, Duration.ofMillis(20)),
                StatusSettings.create(ConfigFactory.defaultReference()));
    }

    @Test
    void overrides_are_read_and_checked() {
        assertEquals(new StatusSettings(50, 3, Duration.ZERO), StatusSettings.create(ConfigFactory.parseString(
                "interlude.status { buffer = 50, memory-alert-after = 3, batch-linger = 0s }")));
        assertThrows(IllegalArgumentException.class, () -> StatusSettings.create(ConfigFactory.parseString(
                "interlude.status { buffer = 0, memory-alert-after = 3, batch-linger = 0s }")));
        assertThrows(IllegalArgumentException.class, () -> StatusSettings.create(ConfigFactory.parseString(
                "interlude.status { buffer = 50, memory-alert-after = 3, batch-linger = -1ms }")));
    }
}
