package dev.interlude.core.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.calendar.XnysCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TradingWindowsPropertiesTest {

    private static final long FROM = LocalDate.of(2000, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    private static final long TO = LocalDate.of(2031, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);

    private final TradingWindows windows = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(FROM, TO - 1).map(Instant::ofEpochSecond);
    }

    @Property(tries = 2000)
    void phases_tile_time_without_gaps(@ForAll("instants") Instant at) {
        PhaseSpan span = windows.phaseAt(at);
        assertTrue(span.contains(at), () -> span + " does not contain " + at);
        PhaseSpan next = windows.phaseAt(span.end().toInstant());
        assertEquals(span.end().toInstant(), next.start().toInstant());
        assertTrue(next.phase() != span.phase() || span.phase().isResearch() && next.phase().isResearch(),
                () -> span + " is followed by the same phase " + next);
    }

    @Property(tries = 2000)
    void research_window_hours_are_real_elapsed_hours(@ForAll("instants") Instant at) {
        ResearchWindow window = windows.researchWindowAtOrAfter(at);
        assertEquals(Duration.between(window.start(), window.end()).toSeconds() / 3600.0, window.totalHours());
        assertTrue(!window.end().toInstant().isBefore(at.plusSeconds(1)), () -> window + " ends before " + at);
    }

    @Property(tries = 1000)
    void cycle_contains_the_instant_and_its_phase(@ForAll("instants") Instant at) {
        TradingCycle cycle = windows.cycleAt(at);
        PhaseSpan span = windows.phaseAt(at);
        assertTrue(cycle.contains(at));
        assertTrue(!span.start().isBefore(cycle.start()) && !span.end().isAfter(cycle.end()));
    }
}
