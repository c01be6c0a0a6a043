package dev.interlude.hardware;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What one LED shows. Blinking LEDs are lit for {@link #on()}, then dark for {@link #off()}. */
public enum LedPattern {
    OFF('○', Duration.ZERO, Duration.ZERO),
    ON('●', Duration.ZERO, Duration.ZERO),
    /** A slow blink: "evolving", "pending", "degraded". */
    SLOW('◐', Duration.ofMillis(500), Duration.ofMillis(500)),
    /** A fast blink: "in trouble", "stopped", an alert. */
    FAST('◉', Duration.ofMillis(100), Duration.ofMillis(100));

    private final char symbol;
    private final Duration on;
    private final Duration off;

    LedPattern(char symbol, Duration on, Duration off) {
        this.symbol = symbol;
        this.on = on;
        this.off = off;
    }

    /** The name used in configuration and on the command line: {@code off}, {@code on}, {@code slow}, {@code fast}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean blinks() {
        return this == SLOW || this == FAST;
    }

    /** How the console board draws it. */
    public char symbol() {
        return symbol;
    }

    public Duration on() {
        return on;
    }

    public Duration off() {
        return off;
    }

    public static Optional<LedPattern> ofId(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
    }
}
