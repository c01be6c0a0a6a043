package dev.interlude.core.window;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * One trading day's cycle: from its pre-market start (the previous research window's end) through market hours and
 * post-market, to the end of the research window that follows it. Dependencies and once-per-cycle triggers count
 * completions within one cycle.
 */
public record TradingCycle(LocalDate tradingDay, ZonedDateTime start, ZonedDateTime end) {

    public boolean contains(Instant at) {
        return !at.isBefore(start.toInstant()) && at.isBefore(end.toInstant());
    }
}
