package dev.interlude.engine.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** The interlude.status block of the engine's reference.conf. */
class StatusSettingsTest {

    @Test
    void defaults_keep_1000_events_and_alert_after_5_plans() {
        assertEquals(new StatusSettings(1000, 5), StatusSettings.create(ConfigFactory.defaultReference()));
    }

    @Test
    void overrides_are_read_and_checked() {
        assertEquals(new StatusSettings(50, 3), StatusSettings.create(ConfigFactory.parseString(
                "interlude.status { buffer = 50, memory-alert-after = 3 }")));
        assertThrows(IllegalArgumentException.class, () -> StatusSettings.create(ConfigFactory.parseString(
                "interlude.status { buffer = 0, memory-alert-after = 3 }")));
    }
}
