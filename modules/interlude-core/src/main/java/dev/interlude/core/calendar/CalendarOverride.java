package dev.interlude.core.calendar;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One dated change to a calendar, read from configuration so that no release is needed: close the market (a sudden
 * national day of mourning), close it early (optionally at a given time instead of the calendar's early close), or
 * open it for a regular session (cancelling a built-in closure or early close).
 */
public record CalendarOverride(LocalDate date, Kind kind, String reason, Optional<LocalTime> close) {

    /** What the override does to its date. */
    public enum Kind {
        CLOSED("closed"),
        EARLY_CLOSE("early-close"),
        OPEN("open");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The name used in configuration. */
        public String id() {
            return id;
        }

        /** The kind named {@code id} in configuration, if any. */
        public static Optional<Kind> of(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    public CalendarOverride {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(close, "close");
        reason = reason == null ? "" : reason;
        if (close.isPresent() && kind != Kind.EARLY_CLOSE) {
            throw new IllegalArgumentException("only an early close takes a close time: " + date);
        }
    }

    public static CalendarOverride closed(LocalDate date, String reason) {
        return new CalendarOverride(date, Kind.CLOSED, reason, Optional.empty());
    }

    public static CalendarOverride earlyClose(LocalDate date, String reason) {
        return new CalendarOverride(date, Kind.EARLY_CLOSE, reason, Optional.empty());
    }

    public static CalendarOverride earlyClose(LocalDate date, LocalTime close, String reason) {
        return new CalendarOverride(date, Kind.EARLY_CLOSE, reason, Optional.of(close));
    }

    public static CalendarOverride open(LocalDate date, String reason) {
        return new CalendarOverride(date, Kind.OPEN, reason, Optional.empty());
    }
}
