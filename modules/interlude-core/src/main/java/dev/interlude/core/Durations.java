package dev.interlude.core;

import java.time.Duration;

/**
 * Durations as operators read them: {@code 3h 20m}, {@code 45s}, {@code 2d 4h}; and as they write them in HOCON,
 * in one unit: {@code 7d}, {@code 90m}, {@code 250ms}.
 */
public final class Durations {

    private Durations() {
    }

    public static String human(Duration d) {
        if (d.isNegative()) {
            return "-" + human(d.negated());
        }
        long seconds = d.toSeconds();
        if (seconds == 0) {
            return d.isZero() ? "0s" : d.toMillis() + "ms";
        }
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        StringBuilder sb = new StringBuilder();
        append(sb, days, "d");
        append(sb, hours, "h");
        append(sb, minutes, "m");
        if (days == 0 && hours == 0) {
            append(sb, secs, "s");
        }
        return sb.toString();
    }

    /**
     * The duration as a HOCON value in its largest exact unit: {@code 7d}, {@code 90m}, {@code 1s}, {@code 250ms}
     * ({@code ns} when it is not a whole number of milliseconds). Configuration messages name bounds this way.
     */
    public static String hocon(Duration d) {
        if (d.isNegative()) {
            return "-" + hocon(d.negated());
        }
        long seconds = d.getSeconds();
        if (d.getNano() == 0) {
            if (seconds == 0) {
                return "0s";
            }
            for (Unit unit : UNITS) {
                if (seconds % unit.seconds() == 0) {
                    return seconds / unit.seconds() + unit.suffix();
                }
            }
        }
        if (d.getNano() % 1_000_000 == 0) {
            return d.toMillis() + "ms";
        }
        return d.toNanos() + "ns";
    }

    private record Unit(long seconds, String suffix) {
    }

    private static final Unit[] UNITS = {
            new Unit(86_400, "d"), new Unit(3_600, "h"), new Unit(60, "m"), new Unit(1, "s")};

    private static void append(StringBuilder sb, long amount, String unit) {
        if (amount > 0) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(amount).append(unit);
        }
    }
}
