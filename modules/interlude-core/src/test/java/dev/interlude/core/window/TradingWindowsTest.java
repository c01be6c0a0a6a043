package dev.interlude.core.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.calendar.XnysCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TradingWindowsTest {

    private final TradingWindows windows = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);

    @ParameterizedTest(name = "{0} -> {3} {4} h")
    @CsvSource({
            "2026-11-18T20:00, 2026-11-18T18:00-05:00, 2026-11-19T08:00-05:00, overnight, 14",
            "2026-11-21T12:00, 2026-11-20T18:00-05:00, 2026-11-23T08:00-05:00, weekend, 62",
            "2026-01-17T12:00, 2026-01-16T18:00-05:00, 2026-01-20T08:00-05:00, holiday_weekend, 86",
            "2026-11-26T12:00, 2026-11-25T18:00-05:00, 2026-11-27T08:00-05:00, holiday, 38",
            "2026-11-28T12:00, 2026-11-27T15:00-05:00, 2026-11-30T08:00-05:00, weekend, 65",
            "2026-03-07T12:00, 2026-03-06T18:00-05:00, 2026-03-09T08:00-04:00, weekend, 61",
            "2026-10-31T12:00, 2026-10-30T18:00-04:00, 2026-11-02T08:00-05:00, weekend, 63",
    })
    void research_window_containing_an_instant_has_its_budget_type_and_real_hours(
            String localTime, String start, String end, String type, double hours) {
        ResearchWindow window = windows.researchWindowContaining(newYork(localTime)).orElseThrow();
        assertEquals(OffsetDateTime.parse(start), window.start().toOffsetDateTime());
        assertEquals(OffsetDateTime.parse(end), window.end().toOffsetDateTime());
        assertEquals(type, window.budgetType().id());
        assertEquals(hours, window.totalHours());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "2026-11-18T07:59:59, OVERNIGHT",
            "2026-11-18T08:00, PRE_MARKET",
            "2026-11-18T09:29:59, PRE_MARKET",
            "2026-11-18T09:30, MARKET_HOURS",
            "2026-11-18T15:59:59, MARKET_HOURS",
            "2026-11-18T16:00, POST_MARKET",
            "2026-11-18T17:59:59, POST_MARKET",
            "2026-11-18T18:00, OVERNIGHT",
            "2026-11-20T18:00, WEEKEND",
            "2026-11-25T18:00, HOLIDAY",
            "2026-01-16T18:00, HOLIDAY",
            "2026-11-27T13:00, POST_MARKET",
            "2026-11-27T15:00, WEEKEND",
    })
    void phase_boundaries(String localTime, Phase phase) {
        assertEquals(phase, windows.phaseAt(newYork(localTime)).phase());
    }

    @Test
    void market_hours_span_runs_from_the_open_to_the_close() {
        PhaseSpan span = windows.phaseAt(newYork("2026-11-18T12:00"));
        assertEquals(newYork("2026-11-18T09:30"), span.start().toInstant());
        assertEquals(newYork("2026-11-18T16:00"), span.end().toInstant());
        assertEquals(Mode.TRADING, span.mode());
    }

    @Test
    void pre_market_runs_from_the_research_end_to_the_open() {
        PhaseSpan span = windows.phaseAt(newYork("2026-11-23T08:30"));
        assertEquals(new PhaseSpan(Phase.PRE_MARKET, zoned("2026-11-23T08:00"), zoned("2026-11-23T09:30")), span);
        assertEquals(Mode.PREP, span.mode());
    }

    @Test
    void no_research_window_contains_an_instant_during_market_hours() {
        assertTrue(windows.researchWindowContaining(newYork("2026-11-18T12:00")).isEmpty());
    }

    @Test
    void research_window_at_or_after_market_hours_is_the_coming_one() {
        ResearchWindow next = windows.researchWindowAtOrAfter(newYork("2026-11-20T10:00"));
        assertEquals(zoned("2026-11-20T18:00"), next.start());
        assertEquals(BudgetType.WEEKEND, next.budgetType());
    }

    @Test
    void research_window_at_or_after_an_instant_inside_one_is_that_one() {
        ResearchWindow current = windows.researchWindowAtOrAfter(newYork("2026-11-21T12:00"));
        assertEquals(zoned("2026-11-20T18:00"), current.start());
    }

    @Test
    void cycle_runs_from_pre_market_to_the_next_trading_days_research_end() {
        TradingCycle cycle = windows.cycleAt(newYork("2026-11-22T12:00"));
        assertEquals(LocalDate.parse("2026-11-20"), cycle.tradingDay());
        assertEquals(zoned("2026-11-20T08:00"), cycle.start());
        assertEquals(zoned("2026-11-23T08:00"), cycle.end());
    }

    @Test
    void cycle_starts_exactly_at_pre_market() {
        assertEquals(LocalDate.parse("2026-11-19"), windows.cycleAt(newYork("2026-11-19T08:00")).tradingDay());
        assertEquals(LocalDate.parse("2026-11-18"), windows.cycleAt(newYork("2026-11-19T07:59:59")).tradingDay());
    }

    @Test
    void offsets_come_from_the_settings() {
        TradingWindows custom = new TradingWindows(new XnysCalendar(),
                new WindowSettings(Duration.ofHours(1), Duration.ofHours(3)));
        ResearchWindow window = custom.researchWindowContaining(newYork("2026-11-18T20:00")).orElseThrow();
        assertEquals(zoned("2026-11-18T17:00"), window.start());
        assertEquals(zoned("2026-11-19T06:30"), window.end());
    }

    private static Instant newYork(String localTime) {
        return zoned(localTime).toInstant();
    }

    private static ZonedDateTime zoned(String localTime) {
        return LocalDateTime.parse(localTime).atZone(XnysCalendar.ZONE);
    }
}
