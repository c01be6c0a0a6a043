package dev.interlude.app;

import dev.interlude.core.config.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Reads the instants and dates users type: {@code now} (from the injected clock), an ISO-8601 instant with an offset
 * ({@code 2026-11-18T20:00-05:00}, {@code 2026-11-19T01:00Z}), or a local date-time in the exchange's zone
 * ({@code 2026-11-18T20:00}).
 */
final class InstantParser {

    private InstantParser() {
    }

    static Instant instant(String option, String value, Clock clock, ZoneId exchangeZone) {
        String v = value.trim();
        if (v.equalsIgnoreCase("now")) {
            return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(v).atZone(exchangeZone).toInstant();
            } catch (DateTimeParseException notLocal) {
                throw new InvalidInputException(option, "expected \"now\" or an ISO-8601 instant such as "
                        + "2026-11-18T20:00-05:00 (or 2026-11-18T20:00 in " + exchangeZone + "), got \"" + value
                        + "\"");
            }
        }
    }

    static LocalDate date(String option, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(option, "expected a date such as 2026-11-27, got \"" + value + "\"");
        }
    }
}
