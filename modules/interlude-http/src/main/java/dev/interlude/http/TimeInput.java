package dev.interlude.http;

import dev.interlude.core.config.InvalidInputException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Reads the instants and dates users type, on the command line and in the API's query parameters: {@code now} (from
 * the injected clock, to the second), an ISO-8601 instant with an offset ({@code 2026-11-18T20:00-05:00},
 * {@code 2026-11-19T01:00Z}), or a local date-time in the exchange's zone ({@code 2026-11-18T20:00}). Dates and
 * instants lie from {@link #EARLIEST} to {@link #LATEST}: the calendar's rules are not meant for other years, and
 * computing with the extremes of {@code java.time} fails.
 */
public final class TimeInput {

    /** The first date (and, from its midnight UTC, the first instant) anyone may ask about. */
    public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    /** The last date (and, to its end UTC, the last instant) anyone may ask about. */
    public static final LocalDate LATEST = LocalDate.of(2199, 12, 31);

    private static final Instant FIRST_INSTANT = EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant AFTER_LAST_INSTANT = LATEST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private TimeInput() {
    }

    /**
     * @param what the option or parameter, as the problem names it ({@code --at})
     * @throws InvalidInputException naming {@code what} and the forms expected
     */
    public static Instant instant(String what, String value, InstantSource clock, ZoneId exchangeZone) {
        String v = value.trim();
        if (v.equalsIgnoreCase("now")) {
            return clock.instant().truncatedTo(ChronoUnit.SECONDS);
        }
        Instant instant;
        try {
            instant = parse(v, exchangeZone);
        } catch (DateTimeException e) {
            throw new InvalidInputException(what, "expected \"now\" or an ISO-8601 instant such as "
                    + "2026-11-18T20:00-05:00 (or 2026-11-18T20:00 in " + exchangeZone + "), got \"" + value + "\"");
        }
        if (instant.isBefore(FIRST_INSTANT) || !instant.isBefore(AFTER_LAST_INSTANT)) {
            throw new InvalidInputException(what, "expected an instant from " + EARLIEST + " to " + LATEST + ", got \""
                    + value + "\"");
        }
        return instant;
    }

    private static Instant parse(String value, ZoneId exchangeZone) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            return LocalDateTime.parse(value).atZone(exchangeZone).toInstant();
        }
    }

    /** @throws InvalidInputException naming {@code what} and the form expected */
    public static LocalDate date(String what, String value) {
        LocalDate date;
        try {
            date = LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(what, "expected a date such as 2026-11-27, got \"" + value + "\"");
        }
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            throw new InvalidInputException(what, "expected a date from " + EARLIEST + " to " + LATEST + ", got \""
                    + value + "\"");
        }
        return date;
    }
}
