package dev.interlude.app.desk;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/** A desk handler's {@code settings { }} (strings in the catalog), read with a default for every key. */
final class Settings {

    private final Map<String, String> values;

    Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    String text(String key, String fallback) {
        String value = values.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    int whole(String key, int fallback, int min) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min) {
                throw new IllegalArgumentException("settings." + key + ": must be at least " + min + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("settings." + key + ": expected a whole number, got \"" + value + "\"");
        }
    }

    double positive(String key, double fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("settings." + key + ": must be a positive number, got " + value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("settings." + key + ": expected a number, got \"" + value + "\"");
        }
    }

    /** A duration in the catalog's own notation (HOCON: {@code 250ms}, {@code 2s}); zero allowed. */
    Duration duration(String key, Duration fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            Duration d = ConfigFactory.empty().withValue("d", ConfigValueFactory.fromAnyRef(value.trim()))
                    .getDuration("d");
            if (d.isNegative()) {
                throw new IllegalArgumentException("settings." + key + ": must not be negative, got " + value);
            }
            return d;
        } catch (ConfigException e) {
            throw new IllegalArgumentException("settings." + key + ": expected a duration such as 250ms, got \""
                    + value + "\"");
        }
    }

    ZoneId zone() {
        String value = text("zone", "America/New_York");
        try {
            return ZoneId.of(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("settings.zone: unknown zone \"" + value + "\"");
        }
    }
}
