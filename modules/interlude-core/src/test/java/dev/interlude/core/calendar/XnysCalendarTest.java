package dev.interlude.core.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class XnysCalendarTest {

    private final XnysCalendar xnys = new XnysCalendar();

    // --- regular holidays and their observance ---

    @Test
    void new_years_day_on_saturday_is_not_observed() {
        assertRegular("2010-12-31");
        assertRegular("2021-12-31");
        assertRegular("2011-01-03");
        assertEquals(CalendarDay.Status.WEEKEND, day("2022-01-01").status());
    }

    @Test
    void new_years_day_on_sunday_is_observed_on_monday() {
        assertClosed("2012-01-02", "New Year's Day (observed)");
        assertClosed("2017-01-02", "New Year's Day (observed)");
        assertClosed("2023-01-02", "New Year's Day (observed)");
    }

    @Test
    void new_years_day_on_a_weekday_is_closed() {
        assertClosed("2026-01-01", "New Year's Day");
    }

    @Test
    void martin_luther_king_day_is_the_third_monday_of_january() {
        assertClosed("2000-01-17", "Martin Luther King Jr. Day");
        assertClosed("2026-01-19", "Martin Luther King Jr. Day");
        assertClosed("2030-01-21", "Martin Luther King Jr. Day");
    }

    @Test
    void washingtons_birthday_is_the_third_monday_of_february() {
        assertClosed("2000-02-21", "Washington's Birthday");
        assertClosed("2026-02-16", "Washington's Birthday");
    }

    @Test
    void good_friday_is_two_days_before_gregorian_easter() {
        assertClosed("2000-04-21", "Good Friday");
        assertClosed("2008-03-21", "Good Friday");
        assertClosed("2019-04-19", "Good Friday");
        assertClosed("2030-04-19", "Good Friday");
    }

    @Test
    void easter_sunday_matches_the_published_dates() {
        Map<Integer, String> easter = Map.of(2000, "2000-04-23", 2008, "2008-03-23", 2011, "2011-04-24",
                2019, "2019-04-21", 2024, "2024-03-31", 2025, "2025-04-20", 2026, "2026-04-05", 2027, "2027-03-28",
                2038, "2038-04-25");
        easter.forEach((year, date) -> assertEquals(LocalDate.parse(date), NyseRules.easterSunday(year)));
    }

    @Test
    void memorial_day_is_the_last_monday_of_may() {
        assertClosed("2021-05-31", "Memorial Day");
        assertClosed("2026-05-25", "Memorial Day");
    }

    @Test
    void juneteenth_is_a_holiday_from_2022_only() {
        assertRegular("2020-06-19");
        assertRegular("2021-06-18");
        assertClosed("2023-06-19", "Juneteenth National Independence Day");
    }

    @Test
    void juneteenth_on_sunday_is_observed_on_monday() {
        assertClosed("2022-06-20", "Juneteenth National Independence Day (observed)");
    }

    @Test
    void juneteenth_on_saturday_is_observed_on_friday() {
        assertClosed("2027-06-18", "Juneteenth National Independence Day (observed)");
    }

    @Test
    void independence_day_on_saturday_is_observed_on_friday() {
        assertClosed("2015-07-03", "Independence Day (observed)");
        assertClosed("2020-07-03", "Independence Day (observed)");
        assertClosed("2026-07-03", "Independence Day (observed)");
    }

    @Test
    void independence_day_on_sunday_is_observed_on_monday() {
        assertClosed("2021-07-05", "Independence Day (observed)");
        assertClosed("2027-07-05", "Independence Day (observed)");
    }

    @Test
    void labor_day_is_the_first_monday_of_september() {
        assertClosed("2001-09-03", "Labor Day");
        assertClosed("2026-09-07", "Labor Day");
    }

    @Test
    void thanksgiving_is_the_fourth_thursday_of_november() {
        assertClosed("2001-11-22", "Thanksgiving Day");
        assertClosed("2026-11-26", "Thanksgiving Day");
    }

    @Test
    void christmas_on_saturday_is_observed_on_friday() {
        assertClosed("2010-12-24", "Christmas Day (observed)");
        assertClosed("2021-12-24", "Christmas Day (observed)");
    }

    @Test
    void christmas_on_sunday_is_observed_on_monday() {
        assertClosed("2011-12-26", "Christmas Day (observed)");
        assertClosed("2022-12-26", "Christmas Day (observed)");
    }

    // --- early closes ---

    @Test
    void july_3_closes_early_on_monday_tuesday_and_thursday() {
        assertEarly("2006-07-03", "Day before Independence Day");
        assertEarly("2007-07-03", "Day before Independence Day");
        assertEarly("2008-07-03", "Day before Independence Day");
        assertEarly("2025-07-03", "Day before Independence Day");
    }

    @Test
    void july_3_on_wednesday_closes_early_from_2013_on() {
        assertRegular("2002-07-03");
        assertEarly("2013-07-03", "Day before Independence Day");
        assertEarly("2019-07-03", "Day before Independence Day");
        assertEarly("2024-07-03", "Day before Independence Day");
    }

    @Test
    void july_5_on_friday_closes_early_before_2013_only() {
        assertEarly("2002-07-05", "Day after Independence Day");
        assertRegular("2013-07-05");
        assertRegular("2019-07-05");
        assertRegular("2024-07-05");
    }

    @Test
    void july_3_is_a_full_holiday_when_independence_day_is_a_saturday() {
        assertEquals(CalendarDay.Status.CLOSED, day("2015-07-03").status());
        assertEquals(CalendarDay.Status.CLOSED, day("2026-07-03").status());
    }

    @Test
    void day_after_thanksgiving_closes_early() {
        assertEarly("2001-11-23", "Day after Thanksgiving");
        assertEarly("2026-11-27", "Day after Thanksgiving");
    }

    @Test
    void christmas_eve_on_monday_to_thursday_closes_early() {
        assertEarly("2001-12-24", "Christmas Eve");
        assertEarly("2024-12-24", "Christmas Eve");
        assertEarly("2026-12-24", "Christmas Eve");
    }

    @Test
    void christmas_eve_on_friday_is_the_observed_christmas_not_an_early_close() {
        assertClosed("2021-12-24", "Christmas Day (observed)");
    }

    @Test
    void day_after_christmas_2003_closed_early_but_other_fridays_after_christmas_did_not() {
        assertEarly("2003-12-26", "Day after Christmas");
        assertRegular("2008-12-26");
        assertRegular("2014-12-26");
        assertRegular("2025-12-26");
    }

    @Test
    void early_close_session_closes_at_13_and_after_hours_end_at_17() {
        Session session = xnys.session(LocalDate.parse("2026-11-27")).orElseThrow();
        assertEquals(LocalTime.of(9, 30), session.open().toLocalTime());
        assertEquals(LocalTime.of(13, 0), session.close().toLocalTime());
        assertEquals(LocalTime.of(17, 0), session.afterHoursEnd().toLocalTime());
        assertTrue(session.earlyClose());
        assertEquals("Day after Thanksgiving", session.reason());
    }

    @Test
    void regular_session_runs_from_pre_market_4_to_after_hours_20_in_new_york() {
        Session session = xnys.session(LocalDate.parse("2026-11-18")).orElseThrow();
        assertEquals("2026-11-18T04:00-05:00[America/New_York]", session.preMarketOpen().toString());
        assertEquals("2026-11-18T09:30-05:00[America/New_York]", session.open().toString());
        assertEquals("2026-11-18T16:00-05:00[America/New_York]", session.close().toString());
        assertEquals("2026-11-18T20:00-05:00[America/New_York]", session.afterHoursEnd().toString());
        assertFalse(session.earlyClose());
    }

    // --- one-off closures ---

    @Test
    void september_11_attacks_closed_the_market_four_days() {
        Stream.of("2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14")
                .forEach(d -> assertClosed(d, "September 11 attacks"));
        assertRegular("2001-09-10");
        assertRegular("2001-09-17");
    }

    @Test
    void national_day_of_mourning_for_president_reagan() {
        assertClosed("2004-06-11", "National day of mourning for President Ronald Reagan");
    }

    @Test
    void national_day_of_mourning_for_president_ford() {
        assertClosed("2007-01-02", "National day of mourning for President Gerald R. Ford");
    }

    @Test
    void hurricane_sandy_closed_the_market_two_days() {
        assertClosed("2012-10-29", "Hurricane Sandy");
        assertClosed("2012-10-30", "Hurricane Sandy");
        assertRegular("2012-10-31");
    }

    @Test
    void national_day_of_mourning_for_president_george_h_w_bush() {
        assertClosed("2018-12-05", "National day of mourning for President George H. W. Bush");
    }

    @Test
    void national_day_of_mourning_for_president_carter() {
        assertClosed("2025-01-09", "National day of mourning for President Jimmy Carter");
    }

    // --- navigation ---

    @Test
    void weekends_are_weekend_days_without_a_session() {
        CalendarDay saturday = day("2026-11-21");
        assertEquals(CalendarDay.Status.WEEKEND, saturday.status());
        assertTrue(saturday.session().isEmpty());
    }

    @Test
    void next_and_previous_trading_days_skip_weekends_and_holidays() {
        assertEquals(LocalDate.parse("2026-01-20"), xnys.nextTradingDay(LocalDate.parse("2026-01-16")));
        assertEquals(LocalDate.parse("2026-11-25"), xnys.previousTradingDay(LocalDate.parse("2026-11-27")));
    }

    @Test
    void a_year_has_the_published_number_of_sessions() {
        assertEquals(252, xnys.sessionsBetween(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-12-31")).size());
        assertEquals(250, xnys.sessionsBetween(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31")).size());
        assertEquals(248, xnys.sessionsBetween(LocalDate.parse("2001-01-01"), LocalDate.parse("2001-12-31")).size());
    }

    // --- whole years as NYSE published them ---

    static Stream<Arguments> publishedYears() {
        return Stream.of(
                Arguments.of(2001,
                        List.of("2001-01-01", "2001-01-15", "2001-02-19", "2001-04-13", "2001-05-28", "2001-07-04",
                                "2001-09-03", "2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14", "2001-11-22",
                                "2001-12-25"),
                        List.of("2001-07-03", "2001-11-23", "2001-12-24")),
                Arguments.of(2012,
                        List.of("2012-01-02", "2012-01-16", "2012-02-20", "2012-04-06", "2012-05-28", "2012-07-04",
                                "2012-09-03", "2012-10-29", "2012-10-30", "2012-11-22", "2012-12-25"),
                        List.of("2012-07-03", "2012-11-23", "2012-12-24")),
                Arguments.of(2024,
                        List.of("2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19",
                                "2024-07-04", "2024-09-02", "2024-11-28", "2024-12-25"),
                        List.of("2024-07-03", "2024-11-29", "2024-12-24")),
                Arguments.of(2025,
                        List.of("2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26",
                                "2025-06-19", "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25"),
                        List.of("2025-07-03", "2025-11-28", "2025-12-24")),
                Arguments.of(2026,
                        List.of("2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19",
                                "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"),
                        List.of("2026-11-27", "2026-12-24")),
                Arguments.of(2027,
                        List.of("2027-01-01", "2027-01-18", "2027-02-15", "2027-03-26", "2027-05-31", "2027-06-18",
                                "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24"),
                        List.of("2027-11-26")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedYears")
    void holidays_and_early_closes_of_a_year_are_as_nyse_published_them(int year, List<String> closed,
                                                                           List<String> early) {
        Map<CalendarDay.Status, List<String>> exceptions = xnys
                .exceptionsBetween(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)).stream()
                .collect(Collectors.groupingBy(CalendarDay::status, TreeMap::new,
                        Collectors.mapping(d -> d.date().toString(), Collectors.toList())));
        assertEquals(closed, exceptions.get(CalendarDay.Status.CLOSED), "closures of " + year);
        assertEquals(early, exceptions.get(CalendarDay.Status.EARLY_CLOSE), "early closes of " + year);
        assertEquals(closed, new NyseRules().holidays(year).keySet().stream().map(LocalDate::toString).toList());
    }

    private CalendarDay day(String date) {
        return xnys.day(LocalDate.parse(date));
    }

    private void assertClosed(String date, String reason) {
        CalendarDay day = day(date);
        assertEquals(CalendarDay.Status.CLOSED, day.status(), date);
        assertEquals(reason, day.reason(), date);
    }

    private void assertEarly(String date, String reason) {
        CalendarDay day = day(date);
        assertEquals(CalendarDay.Status.EARLY_CLOSE, day.status(), date);
        assertEquals(reason, day.reason(), date);
        assertEquals(LocalTime.of(13, 0), day.session().orElseThrow().close().toLocalTime(), date);
    }

    private void assertRegular(String date) {
        assertEquals(CalendarDay.Status.REGULAR, day(date).status(), date);
    }
}
