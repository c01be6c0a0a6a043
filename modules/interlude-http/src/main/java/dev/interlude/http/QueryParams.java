package dev.interlude.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Reads the query parameters of the read routes strictly: an unknown parameter or a malformed value is a 400 whose
 * detail names the parameter and what it expects.
 */
final class QueryParams {

    private static final Pattern AGO = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d|w)");

    private final Map<String, String> params;

    private QueryParams(Map<String, String> params) {
        this.params = params;
    }

    /** The parameters of a request that accepts only {@code allowed}. */
    static QueryParams of(Map<String, String> params, List<String> allowed) {
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw refused("unknown query parameter \"" + name + "\"; expected " + String.join(", ", allowed));
            }
        }
        return new QueryParams(params);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(params.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /**
     * {@code since}: a time back from {@code now} ({@code 24h}, {@code 90m}, {@code 7d}, {@code 30s}, {@code 2w},
     * or ISO-8601 {@code PT36H}), or an instant ({@code 2026-11-18T20:00Z}, or a local date-time in the
     * exchange's zone); {@code otherwise} back from now when absent. It must lie before {@code now} and at most
     * {@code longest} back.
     */
    Instant since(Instant now, ZoneId zone, Duration otherwise, Duration longest) {
        Optional<String> value = get("since");
        Instant since = value.map(v -> parseSince(v, now, zone)).orElse(now.minus(otherwise));
        if (!since.isBefore(now)) {
            throw refused("query parameter \"since\": " + since + " is not before now (" + now + ")");
        }
        if (since.isBefore(now.minus(longest))) {
            throw refused("query parameter \"since\": at most " + longest.toDays() + " days back, got \""
                    + value.orElse("") + "\"");
        }
        return since;
    }

    private static Instant parseSince(String value, Instant now, ZoneId zone) {
        Matcher ago = AGO.matcher(value.toLowerCase(Locale.ROOT));
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration back = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(back);
        }
        try {
            if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
                return now.minus(Duration.parse(value));
            }
            // A '+' of an offset arrives as a space unless the client encoded it (%2B).
            String instant = value.replace(' ', '+');
            try {
                return OffsetDateTime.parse(instant).toInstant();
            } catch (DateTimeException notOffset) {
                return LocalDateTime.parse(instant).atZone(zone).toInstant();
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw refused("query parameter \"since\": expected a time back from now such as 24h, 90m or 7d, or "
                    + "an ISO-8601 instant such as 2026-11-18T20:00Z (or 2026-11-18T15:00 in " + zone + "), got \""
                    + value + "\"");
        }
    }

    /** A whole number from {@code min} to {@code max}; {@code otherwise} when absent. */
    int number(String name, int min, int max, int otherwise) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw refused("query parameter \"" + name + "\": expected a whole number from " + min + " to " + max
                + ", got \"" + value.get() + "\"");
    }

    static Api.Refused refused(String detail) {
        return new Api.Refused(StatusCodes.BAD_REQUEST, detail);
    }
}
