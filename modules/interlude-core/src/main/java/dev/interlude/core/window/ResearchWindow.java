package dev.interlude.core.window;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A research window: from research start (a trading day's close plus an offset) to research end (the next trading
 * day's open minus an offset), with its budget type. Hours are real elapsed hours: a window across a DST change is
 * an hour shorter or longer than the wall clock suggests.
 */
public record ResearchWindow(ZonedDateTime start, ZonedDateTime end, BudgetType budgetType) {

    public ResearchWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(budgetType, "budgetType");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("research window must end after it starts: " + start + " .. " + end);
        }
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public double totalHours() {
        return length().toSeconds() / 3600.0;
    }

    public boolean contains(Instant at) {
        return !at.isBefore(start.toInstant()) && at.isBefore(end.toInstant());
    }

    /** Budget left at {@code at}: the whole window before it starts, nothing after it ends. */
    public Duration remainingAt(Instant at) {
        if (at.isBefore(start.toInstant())) {
            return length();
        }
        if (!at.isBefore(end.toInstant())) {
            return Duration.ZERO;
        }
        return Duration.between(at, end.toInstant());
    }

    public boolean extended() {
        return budgetType.extended();
    }

    public Phase phase() {
        return budgetType.phase();
    }
}
