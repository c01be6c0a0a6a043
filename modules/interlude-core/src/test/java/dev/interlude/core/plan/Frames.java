package dev.interlude.core.plan;

import dev.interlude.core.window.BudgetType;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.PhaseSpan;
import dev.interlude.core.window.ResearchWindow;
import dev.interlude.core.window.TimeFrame;
import dev.interlude.core.window.TradingCycle;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** Hand-built time frames for planner tests, so they do not depend on the calendar. */
final class Frames {

    static final ZoneId NY = ZoneId.of("America/New_York");

    private Frames() {
    }

    static ZonedDateTime ny(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), NY);
    }

    static Instant at(String localDateTime) {
        return ny(localDateTime).toInstant();
    }

    /** The overnight window of Wednesday 2026-11-18: 18:00 to Thursday 08:00. */
    static TimeFrame overnight() {
        ResearchWindow window = new ResearchWindow(ny("2026-11-18T18:00"), ny("2026-11-19T08:00"), BudgetType.OVERNIGHT);
        return new TimeFrame(NY, new PhaseSpan(Phase.OVERNIGHT, window.start(), window.end()), Optional.of(window),
                cycle());
    }

    /** Market hours of Wednesday 2026-11-18. */
    static TimeFrame marketHours() {
        return new TimeFrame(NY, new PhaseSpan(Phase.MARKET_HOURS, ny("2026-11-18T09:30"), ny("2026-11-18T16:00")),
                Optional.empty(), cycle());
    }

    /** Post-market of Wednesday 2026-11-18. */
    static TimeFrame postMarket() {
        return new TimeFrame(NY, new PhaseSpan(Phase.POST_MARKET, ny("2026-11-18T16:00"), ny("2026-11-18T18:00")),
                Optional.empty(), cycle());
    }

    static TradingCycle cycle() {
        return new TradingCycle(LocalDate.of(2026, 11, 18), ny("2026-11-18T08:00"), ny("2026-11-19T08:00"));
    }
}
