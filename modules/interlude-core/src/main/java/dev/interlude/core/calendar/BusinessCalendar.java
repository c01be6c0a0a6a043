package dev.interlude.core.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A plain business calendar for users who do not trade: a zone, the weekend days, the working hours (as
 * {@link SessionTimes}), dated holidays with their names and optional dated early closes with their reasons. Nothing
 * moves: a holiday on a weekend day is simply a weekend day.
 */
public final class BusinessCalendar implements TradingCalendar {

    private final String id;
    private final ZoneId zone;
    private final Set<DayOfWeek> weekend;
    private final SessionTimes times;
    private final Map<LocalDate, String> holidays;
    private final Map<LocalDate, String> earlyCloses;
    private final DayCache days = new DayCache(this::compute);

    public BusinessCalendar(String id, ZoneId zone, Set<DayOfWeek> weekend, SessionTimes times,
                            Map<LocalDate, String> holidays, Map<LocalDate, String> earlyCloses) {
        this.id = id;
        this.zone = zone;
        this.weekend = weekend.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(weekend);
        this.times = times;
        this.holidays = Map.copyOf(holidays);
        this.earlyCloses = Map.copyOf(earlyCloses);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    /** The working hours. */
    public SessionTimes sessionTimes() {
        return times;
    }

    @Override
    public CalendarDay day(LocalDate date) {
        return days.day(date);
    }

    private CalendarDay compute(LocalDate date) {
        if (weekend.contains(date.getDayOfWeek())) {
            return CalendarDay.weekend(date);
        }
        String holiday = holidays.get(date);
        if (holiday != null) {
            return CalendarDay.closed(date, holiday);
        }
        String early = earlyCloses.get(date);
        return early == null
                ? CalendarDay.regular(times.regular(date, zone))
                : CalendarDay.earlyClose(times.early(date, zone, early), early);
    }
}
