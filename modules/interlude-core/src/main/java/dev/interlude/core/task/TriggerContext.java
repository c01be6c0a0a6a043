package dev.interlude.core.task;

import dev.interlude.core.window.ResearchWindow;
import dev.interlude.core.window.TradingCycle;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * What a trigger needs to know about time besides "now": the exchange's zone, the trading cycle now is in, and the
 * research window now is in (empty outside research windows).
 */
public record TriggerContext(ZoneId zone, TradingCycle cycle, Optional<ResearchWindow> researchWindow) {

    public TriggerContext {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(cycle, "cycle");
        Objects.requireNonNull(researchWindow, "researchWindow");
    }
}
