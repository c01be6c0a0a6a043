package dev.interlude.core.calendar;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The local times of a calendar's sessions. XNYS: pre-market 04:00, open 09:30, close 16:00, after-hours end 20:00;
 * on an early close, the close is 13:00 and after-hours ends 17:00.
 */
public record SessionTimes(
        LocalTime preMarketOpen,
        LocalTime open,
        LocalTime close,
        LocalTime afterHoursEnd,
        LocalTime earlyClose,
        LocalTime earlyCloseAfterHoursEnd) {

    public static final SessionTimes XNYS = new SessionTimes(
            LocalTime.of(4, 0), LocalTime.of(9, 30), LocalTime.of(16, 0), LocalTime.of(20, 0),
            LocalTime.of(13, 0), LocalTime.of(17, 0));

    /** A regular full session on {@code date}. */
    public Session regular(LocalDate date, ZoneId zone) {
        return new Session(date, at(date, preMarketOpen, zone), at(date, open, zone), at(date, close, zone),
                at(date, afterHoursEnd, zone), false, "");
    }

    /** An early-close session on {@code date}, closing at {@link #earlyClose()}. */
    public Session early(LocalDate date, ZoneId zone, String reason) {
        return withClose(date, zone, earlyClose, earlyCloseAfterHoursEnd, reason);
    }

    /** A session closing at {@code closeAt}; after-hours ends as long after it as on an early close. */
    public Session withClose(LocalDate date, ZoneId zone, LocalTime closeAt, LocalTime afterHoursEndAt, String reason) {
        return new Session(date, at(date, preMarketOpen, zone), at(date, open, zone), at(date, closeAt, zone),
                at(date, afterHoursEndAt, zone), closeAt.isBefore(close), reason);
    }

    private static ZonedDateTime at(LocalDate date, LocalTime time, ZoneId zone) {
        return ZonedDateTime.of(date, time, zone);
    }
}
