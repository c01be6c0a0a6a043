package dev.interlude.core.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverriddenCalendarTest {

    private static final LocalDate WEDNESDAY = LocalDate.parse("2026-12-02");

    @Test
    void a_closure_override_closes_a_regular_day_with_its_reason() {
        TradingCalendar calendar = overridden(CalendarOverride.closed(WEDNESDAY, "National day of mourning"));
        CalendarDay day = calendar.day(WEDNESDAY);
        assertEquals(CalendarDay.Status.CLOSED, day.status());
        assertEquals("National day of mourning", day.reason());
        assertEquals(LocalDate.parse("2026-12-03"), calendar.nextTradingDay(LocalDate.parse("2026-12-01")));
    }

    @Test
    void an_open_override_cancels_a_built_in_closure() {
        LocalDate goodFriday = LocalDate.parse("2026-04-03");
        CalendarDay day = overridden(CalendarOverride.open(goodFriday, "exchange stays open")).day(goodFriday);
        assertEquals(CalendarDay.Status.REGULAR, day.status());
        assertEquals(LocalTime.of(16, 0), day.session().orElseThrow().close().toLocalTime());
    }

    @Test
    void an_open_override_cancels_a_built_in_early_close() {
        LocalDate christmasEve = LocalDate.parse("2026-12-24");
        CalendarDay day = overridden(CalendarOverride.open(christmasEve, "full day")).day(christmasEve);
        assertEquals(CalendarDay.Status.REGULAR, day.status());
    }

    @Test
    void an_early_close_override_without_a_time_closes_at_the_calendars_early_close() {
        CalendarDay day = overridden(CalendarOverride.earlyClose(WEDNESDAY, "storm warning")).day(WEDNESDAY);
        assertEquals(CalendarDay.Status.EARLY_CLOSE, day.status());
        assertEquals("storm warning", day.reason());
        assertEquals(LocalTime.of(13, 0), day.session().orElseThrow().close().toLocalTime());
        assertEquals(LocalTime.of(17, 0), day.session().orElseThrow().afterHoursEnd().toLocalTime());
    }

    @Test
    void an_early_close_override_may_give_its_own_close_time() {
        CalendarDay day = overridden(CalendarOverride.earlyClose(WEDNESDAY, LocalTime.of(12, 0), "drill"))
                .day(WEDNESDAY);
        Session session = day.session().orElseThrow();
        assertEquals(LocalTime.of(12, 0), session.close().toLocalTime());
        assertEquals(LocalTime.of(16, 0), session.afterHoursEnd().toLocalTime());
        assertEquals(true, session.earlyClose());
    }

    @Test
    void dates_without_an_override_are_the_underlying_calendars() {
        TradingCalendar calendar = overridden(CalendarOverride.closed(WEDNESDAY, "closed"));
        LocalDate thanksgiving = LocalDate.parse("2026-11-26");
        assertEquals(new XnysCalendar().day(thanksgiving), calendar.day(thanksgiving));
        assertEquals("XNYS", calendar.id());
    }

    @Test
    void two_overrides_for_one_date_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> overridden(
                CalendarOverride.closed(WEDNESDAY, "a"), CalendarOverride.open(WEDNESDAY, "b")));
    }

    private static TradingCalendar overridden(CalendarOverride... overrides) {
        return new OverriddenCalendar(new XnysCalendar(), SessionTimes.XNYS, List.of(overrides));
    }
}
