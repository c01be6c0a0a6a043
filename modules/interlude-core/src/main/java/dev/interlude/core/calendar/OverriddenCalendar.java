package dev.interlude.core.calendar;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A calendar with dated overrides on top: each override closes its date, closes it early, or opens it for a regular
 * session, whatever the underlying calendar says; every other date is the underlying calendar's. Sessions created
 * by an override use the given {@link SessionTimes}; an early close without its own time closes at the times' early
 * close, and after-hours then ends as long after it as on a usual early close.
 */
public final class OverriddenCalendar implements TradingCalendar {

    private final TradingCalendar base;
    private final SessionTimes times;
    private final Map<LocalDate, CalendarOverride> overrides;

    /** @throws IllegalArgumentException when two overrides name the same date */
    public OverriddenCalendar(TradingCalendar base, SessionTimes times, Collection<CalendarOverride> overrides) {
        this.base = base;
        this.times = times;
        this.overrides = byDate(overrides);
    }

    private static Map<LocalDate, CalendarOverride> byDate(Collection<CalendarOverride> overrides) {
        Map<LocalDate, CalendarOverride> byDate = new HashMap<>();
        for (CalendarOverride override : overrides) {
            if (byDate.put(override.date(), override) != null) {
                throw new IllegalArgumentException("two overrides for " + override.date());
            }
        }
        return Map.copyOf(byDate);
    }

    @Override
    public String id() {
        return base.id();
    }

    @Override
    public ZoneId zone() {
        return base.zone();
    }

    /** The calendar the overrides apply to. */
    public TradingCalendar base() {
        return base;
    }

    @Override
    public CalendarDay day(LocalDate date) {
        CalendarOverride override = overrides.get(date);
        return override == null ? base.day(date) : apply(override);
    }

    private CalendarDay apply(CalendarOverride override) {
        LocalDate date = override.date();
        return switch (override.kind()) {
            case CLOSED -> CalendarDay.closed(date, override.reason());
            case OPEN -> CalendarDay.regular(times.regular(date, zone()));
            case EARLY_CLOSE -> CalendarDay.earlyClose(earlySession(override), override.reason());
        };
    }

    private Session earlySession(CalendarOverride override) {
        LocalTime close = override.close().orElse(times.earlyClose());
        Duration afterHours = Duration.between(times.earlyClose(), times.earlyCloseAfterHoursEnd());
        return times.withClose(override.date(), zone(), close, close.plus(afterHours), override.reason());
    }
}
