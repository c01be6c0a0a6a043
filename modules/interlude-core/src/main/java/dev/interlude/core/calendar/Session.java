package dev.interlude.core.calendar;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * One trading session in the calendar's zone: pre-market opens, the market opens and closes, after-hours ends.
 * {@code earlyClose} is true when the close is earlier than the calendar's regular close; {@code reason} then says
 * why ("Day after Thanksgiving").
 */
public record Session(
        LocalDate date,
        ZonedDateTime preMarketOpen,
        ZonedDateTime open,
        ZonedDateTime close,
        ZonedDateTime afterHoursEnd,
        boolean earlyClose,
        String reason) {

    public Session {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(preMarketOpen, "preMarketOpen");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(close, "close");
        Objects.requireNonNull(afterHoursEnd, "afterHoursEnd");
        reason = reason == null ? "" : reason;
        if (preMarketOpen.isAfter(open) || !open.isBefore(close) || afterHoursEnd.isBefore(close)) {
            throw new IllegalArgumentException("session " + date + " is out of order: pre-market " + preMarketOpen
                    + ", open " + open + ", close " + close + ", after-hours end " + afterHoursEnd);
        }
    }
}
