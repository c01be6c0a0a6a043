package dev.interlude.core.window;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an instant stands in the exchange's time: its phase, the research window it is in (empty outside research
 * windows), and its trading cycle. {@link TradingWindows#frameAt(Instant)} computes one; the planner reads it.
 */
public record TimeFrame(ZoneId zone, PhaseSpan phase, Optional<ResearchWindow> researchWindow, TradingCycle cycle) {

    public TimeFrame {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(researchWindow, "researchWindow");
        Objects.requireNonNull(cycle, "cycle");
    }

    /** True if {@code at} lies in this frame's phase. */
    public boolean contains(Instant at) {
        return phase.contains(at);
    }

    /** Research budget left at {@code at}: zero outside a research window. */
    public Duration remainingBudgetAt(Instant at) {
        return researchWindow.map(w -> w.remainingAt(at)).orElse(Duration.ZERO);
    }
}
