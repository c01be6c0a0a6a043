package dev.interlude.core.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interlude.core.calendar.XnysCalendar;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TradingWindowsFrameTest {

    private final TradingWindows windows = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);

    private static ZonedDateTime ny(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), XnysCalendar.ZONE);
    }

    @Test
    void frame_in_a_research_window_carries_the_window_and_the_cycle_of_the_day_that_opened_it() {
        TimeFrame frame = windows.frameAt(ny("2026-11-21T12:00").toInstant());
        assertEquals(Phase.WEEKEND, frame.phase().phase());
        ResearchWindow window = frame.researchWindow().orElseThrow();
        assertEquals(ny("2026-11-20T18:00"), window.start());
        assertEquals(new TradingCycle(LocalDate.of(2026, 11, 20), ny("2026-11-20T08:00"), ny("2026-11-23T08:00")),
                frame.cycle());
    }

    @Test
    void frame_during_market_hours_has_no_research_window() {
        TimeFrame frame = windows.frameAt(ny("2026-11-18T11:00").toInstant());
        assertEquals(Phase.MARKET_HOURS, frame.phase().phase());
        assertEquals(Optional.empty(), frame.researchWindow());
        assertEquals(windows.phaseAt(ny("2026-11-18T11:00").toInstant()), frame.phase());
        assertEquals(LocalDate.of(2026, 11, 18), frame.cycle().tradingDay());
    }
}
