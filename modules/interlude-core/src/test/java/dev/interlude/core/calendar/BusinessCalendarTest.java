package dev.interlude.core.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private static final SessionTimes OFFICE = new SessionTimes(LocalTime.of(8, 0), LocalTime.of(9, 0),
            LocalTime.of(17, 0), LocalTime.of(18, 0), LocalTime.of(12, 30), LocalTime.of(13, 30));

    private final BusinessCalendar london = new BusinessCalendar("business", ZoneId.of("Europe/London"),
            Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), OFFICE,
            Map.of(LocalDate.parse("2026-12-25"), "Christmas Day"),
            Map.of(LocalDate.parse("2026-12-24"), "Christmas Eve"));

    @Test
    void working_days_have_the_configured_hours_in_the_configured_zone() {
        Session session = london.session(LocalDate.parse("2026-12-01")).orElseThrow();
        assertEquals("2026-12-01T09:00Z[Europe/London]", session.open().toString());
        assertEquals("2026-12-01T17:00Z[Europe/London]", session.close().toString());
    }

    @Test
    void configured_holidays_are_closed_with_their_name() {
        CalendarDay day = london.day(LocalDate.parse("2026-12-25"));
        assertEquals(CalendarDay.Status.CLOSED, day.status());
        assertEquals("Christmas Day", day.reason());
    }

    @Test
    void configured_early_closes_close_at_the_early_close_time() {
        CalendarDay day = london.day(LocalDate.parse("2026-12-24"));
        assertEquals(CalendarDay.Status.EARLY_CLOSE, day.status());
        assertEquals(LocalTime.of(12, 30), day.session().orElseThrow().close().toLocalTime());
    }

    @Test
    void configured_weekend_days_are_weekend() {
        BusinessCalendar fridaySaturday = new BusinessCalendar("business", ZoneId.of("Asia/Dubai"),
                Set.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY), OFFICE, Map.of(), Map.of());
        assertEquals(CalendarDay.Status.WEEKEND, fridaySaturday.day(LocalDate.parse("2026-11-20")).status());
        assertEquals(CalendarDay.Status.REGULAR, fridaySaturday.day(LocalDate.parse("2026-11-22")).status());
    }

    @Test
    void a_holiday_on_a_weekend_day_is_not_moved() {
        BusinessCalendar calendar = new BusinessCalendar("business", ZoneId.of("Europe/London"),
                Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), OFFICE,
                Map.of(LocalDate.parse("2027-12-25"), "Christmas Day"), Map.of());
        assertEquals(CalendarDay.Status.WEEKEND, calendar.day(LocalDate.parse("2027-12-25")).status());
        assertEquals(CalendarDay.Status.REGULAR, calendar.day(LocalDate.parse("2027-12-24")).status());
    }
}
