package dev.interlude.core.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The New York Stock Exchange (XNYS) calendar, built in: sessions in America/New_York with pre-market from 04:00,
 * the open at 09:30, the close at 16:00 (13:00 on an early close) and after-hours until 20:00 (17:00 after an early
 * close). Holidays and early closes follow {@link NyseRules}; configuration can still add or cancel a closure with
 * {@link OverriddenCalendar}.
 */
public final class XnysCalendar implements TradingCalendar {

    public static final String ID = "XNYS";
    public static final ZoneId ZONE = ZoneId.of("America/New_York");

    private final NyseRules rules;
    private final DayCache days = new DayCache(this::compute);

    public XnysCalendar() {
        this(new NyseRules());
    }

    public XnysCalendar(NyseRules rules) {
        this.rules = rules;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ZoneId zone() {
        return ZONE;
    }

    /** The exchange's session times. */
    public SessionTimes sessionTimes() {
        return SessionTimes.XNYS;
    }

    @Override
    public CalendarDay day(LocalDate date) {
        return days.day(date);
    }

    private CalendarDay compute(LocalDate date) {
        if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return CalendarDay.weekend(date);
        }
        Optional<String> holiday = rules.holiday(date);
        if (holiday.isPresent()) {
            return CalendarDay.closed(date, holiday.get());
        }
        return rules.earlyClose(date)
                .map(reason -> CalendarDay.earlyClose(SessionTimes.XNYS.early(date, ZONE, reason), reason))
                .orElseGet(() -> CalendarDay.regular(SessionTimes.XNYS.regular(date, ZONE)));
    }
}
