package dev.interlude.testkit;

import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.window.BudgetType;
import dev.interlude.core.window.ResearchWindow;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One research window of a simulation and what filled it.
 *
 * @param window       the window, with its real bounds and budget type
 * @param coveredFrom  where the simulation's range starts to cover it (its start, unless the simulation began later)
 * @param coveredTo    where the coverage ends (its end, unless the simulation stopped earlier)
 * @param busyHours    the hours of the covered part in which at least one run was in flight
 * @param succeeded    attempts that succeeded and started in the window
 * @param failed       runs that failed for good (their last attempt) in the window
 * @param retried      attempts that failed or were interrupted and were tried again
 * @param blockReasons why due tasks waited in the window: each time a task started waiting for a reason, counted
 *                     by reason, most frequent first
 */
public record WindowReport(ResearchWindow window, Instant coveredFrom, Instant coveredTo, double busyHours,
                           int succeeded, int failed, int retried, Map<BlockReason, Integer> blockReasons) {

    public WindowReport {
        Objects.requireNonNull(window, "window");
        blockReasons = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(blockReasons));
    }

    public ZonedDateTime start() {
        return window.start();
    }

    public ZonedDateTime end() {
        return window.end();
    }

    public BudgetType budgetType() {
        return window.budgetType();
    }

    /** The window's whole length in hours (its budget). */
    public double totalHours() {
        return window.totalHours();
    }

    /** The hours of the window the simulation covered. */
    public double coveredHours() {
        return java.time.Duration.between(coveredFrom, coveredTo).toSeconds() / 3600.0;
    }

    /** True if the simulation covered the whole window. */
    public boolean complete() {
        return coveredFrom.equals(window.start().toInstant()) && coveredTo.equals(window.end().toInstant());
    }

    /**
     * The share of the covered part of the window in which at least one run was in flight, 0 to 1 (for a window
     * the simulation covered completely: busy hours over the window's length).
     */
    public double utilization() {
        double covered = coveredHours();
        return covered <= 0 ? 0 : busyHours / covered;
    }

    /** The {@code n} most frequent block reasons. */
    public List<BlockReason> topBlockReasons(int n) {
        return blockReasons.keySet().stream().limit(n).toList();
    }
}
