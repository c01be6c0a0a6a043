package dev.interlude.core.window;

import java.time.Duration;
import java.util.Objects;

/**
 * Where research windows start and end relative to the sessions around them. Defaults: research starts 2 h after
 * the close (18:00, or 15:00 after a 13:00 close) and ends 1 h 30 min before the next open (08:00).
 */
public record WindowSettings(Duration researchStartAfterClose, Duration researchEndBeforeOpen) {

    public static final WindowSettings DEFAULT = new WindowSettings(Duration.ofHours(2), Duration.ofMinutes(90));

    public WindowSettings {
        Objects.requireNonNull(researchStartAfterClose, "researchStartAfterClose");
        Objects.requireNonNull(researchEndBeforeOpen, "researchEndBeforeOpen");
        if (researchStartAfterClose.isNegative()) {
            throw new IllegalArgumentException("research-start-after-close must not be negative");
        }
        if (researchEndBeforeOpen.isNegative()) {
            throw new IllegalArgumentException("research-end-before-open must not be negative");
        }
    }
}
