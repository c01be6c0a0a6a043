package dev.interlude.core.calendar;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One date of a calendar: its status, its session when it trades, and the reason when it does not trade a regular
 * session ("Thanksgiving Day", "Day after Thanksgiving", "Hurricane Sandy", "weekend").
 */
public record CalendarDay(LocalDate date, Status status, Optional<Session> session, String reason) {

    public enum Status {
        /** A regular full session. */
        REGULAR,
        /** A session that closes early. */
        EARLY_CLOSE,
        /** A weekend day (per the calendar's weekend days). */
        WEEKEND,
        /** A weekday without a session: a holiday or a one-off closure. */
        CLOSED
    }

    public CalendarDay {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(session, "session");
        reason = reason == null ? "" : reason;
        boolean trades = status == Status.REGULAR || status == Status.EARLY_CLOSE;
        if (trades != session.isPresent()) {
            throw new IllegalArgumentException(date + ": status " + status + " and session presence disagree");
        }
    }

    public static CalendarDay regular(Session session) {
        return new CalendarDay(session.date(), Status.REGULAR, Optional.of(session), "");
    }

    public static CalendarDay earlyClose(Session session, String reason) {
        return new CalendarDay(session.date(), Status.EARLY_CLOSE, Optional.of(session), reason);
    }

    public static CalendarDay weekend(LocalDate date) {
        return new CalendarDay(date, Status.WEEKEND, Optional.empty(), "weekend");
    }

    public static CalendarDay closed(LocalDate date, String reason) {
        return new CalendarDay(date, Status.CLOSED, Optional.empty(), reason);
    }

    public boolean isTradingDay() {
        return session.isPresent();
    }
}
