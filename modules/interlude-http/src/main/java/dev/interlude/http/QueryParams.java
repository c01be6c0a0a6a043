package dev.interlude.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Reads a request's query parameters strictly: a parameter the route does not take, one given twice, or one given
 * empty ({@code ?types=}) is a 400 whose detail names it; so is a malformed or out-of-range value, naming what the
 * parameter expects.
 */
final class QueryParams {

    private static final Pattern AGO = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d|w)");

    private final Map<String, String> params;

    private QueryParams(Map<String, String> params) {
        this.params = params;
    }

    /**
     * The parameters of a request to a route that takes only {@code allowed}, each at most once and with a value.
     *
     * @param params the parameters as the request gives them, in order, repeats included
     * @throws Api.Refused 400 naming the unknown, repeated or empty parameters
     */
    static QueryParams of(List<Map.Entry<String, String>> params, Collection<String> allowed) {
        Set<String> unknown = new TreeSet<>();
        Set<String> repeated = new TreeSet<>();
        Set<String> empty = new TreeSet<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> param : params) {
            String name = param.getKey();
            if (!allowed.contains(name)) {
                unknown.add(name);
            } else if (values.putIfAbsent(name, param.getValue().strip()) != null) {
                repeated.add(name);
            } else if (param.getValue().isBlank()) {
                empty.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw refused("unknown query parameter " + quoted(unknown) + "; " + (allowed.isEmpty()
                    ? "this route takes none" : "expected " + String.join(", ", allowed)));
        }
        if (!repeated.isEmpty()) {
            throw refused("query parameter " + quoted(repeated) + " given more than once; give each once");
        }
        if (!empty.isEmpty()) {
            throw refused("query parameter " + quoted(empty) + " is empty; give it a value or leave it out");
        }
        return new QueryParams(values);
    }

    private static String quoted(Set<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
    }

    /** The value of {@code name}, stripped; empty when the request does not give it. */
    Optional<String> get(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** The value of {@code name}, or {@code otherwise} when the request does not give it. */
    String get(String name, String otherwise) {
        return params.getOrDefault(name, otherwise);
    }

    /** @throws Api.Refused 400 naming {@code name} and {@code expected} when the request does not give it */
    String required(String name, String expected) {
        return get(name).orElseThrow(() -> refused(name(name) + ": required, " + expected));
    }

    /** {@code true} or {@code false}; {@code false} when absent. */
    boolean flag(String name) {
        String value = params.getOrDefault(name, "false");
        if (!value.equals("true") && !value.equals("false")) {
            throw refused(name(name) + ": expected true or false, got \"" + value + "\"");
        }
        return value.equals("true");
    }

    /** How the problems name a parameter: {@code query parameter "from"}. */
    static String name(String parameter) {
        return "query parameter \"" + parameter + "\"";
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
