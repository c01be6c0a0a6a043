package dev.interlude.http;

import dev.interlude.core.config.InvalidInputException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Reads the instants and dates users type, on the command line and in the API's query parameters: {@code now} (from
 * the injected clock, to the second), an ISO-8601 instant with an offset ({@code 2026-11-18T20:00-05:00},
 * {@code 2026-11-19T01:00Z}), or a local date-time in the exchange's zone ({@code 2026-11-18T20:00}).
 */
public final class TimeInput {

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
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(v).atZone(exchangeZone).toInstant();
            } catch (DateTimeParseException notLocal) {
                throw new InvalidInputException(what, "expected \"now\" or an ISO-8601 instant such as "
                        + "2026-11-18T20:00-05:00 (or 2026-11-18T20:00 in " + exchangeZone + "), got \"" + value
                        + "\"");
            }
        }
    }

    /** @throws InvalidInputException naming {@code what} and the form expected */
    public static LocalDate date(String what, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(what, "expected a date such as 2026-11-27, got \"" + value + "\"");
        }
    }
}
