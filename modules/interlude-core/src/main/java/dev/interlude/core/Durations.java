package dev.interlude.core;

import java.time.Duration;

/** Durations as operators read them: {@code 3h 20m}, {@code 45s}, {@code 2d 4h}. */
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

    private static void append(StringBuilder sb, long amount, String unit) {
        if (amount > 0) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(amount).append(unit);
        }
    }
}
