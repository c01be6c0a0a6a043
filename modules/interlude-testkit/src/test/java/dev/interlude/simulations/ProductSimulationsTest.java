package dev.interlude.simulations;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.BudgetType;
import dev.interlude.testkit.RunOutcome;
import dev.interlude.testkit.SimulatedRun;
import dev.interlude.testkit.Simulation;
import dev.interlude.testkit.SimulationResult;
import dev.interlude.testkit.WindowReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's own simulations: the shipped desk catalog ({@code conf/tasks.conf}) over the weekends, holidays and
 * nights that make a research desk's calendar, on the real engine, through the testkit's public API only. Each
 * checks the windows' budgets and types, that conflicting runs never overlap, that memory is never exceeded, and
 * how busy the windows were: at least 60 % on weekends and holidays, 70 % overnight.
 */
class ProductSimulationsTest {

    private static final double WEEKEND_UTILIZATION = 0.60;
    private static final double OVERNIGHT_UTILIZATION = 0.70;

    private static TaskCatalog desk;

    @BeforeAll
    static void loadTheDesk() {
        desk = CatalogLoader.loadFile(Path.of("../../conf/tasks.conf"), Simulation.XNYS.zone());
    }

    @Test
    void a_normal_weekend() {
        SimulationResult weekend = simulate("2026-02-06T15:00-05:00", "2026-02-09T09:30-05:00");
        assertWindows(weekend, window("2026-02-06T18:00-05:00", "2026-02-09T08:00-05:00", BudgetType.WEEKEND, 62));
        weekend.assertUtilizationAtLeast(BudgetType.WEEKEND, WEEKEND_UTILIZATION);
        weekend.assertOrder("refresh_eod_data", "run_nightly_research");
        weekend.assertOrder("run_nightly_research", "validate_candidates");
        assertRan(weekend, "weekend_model_retrain", "weekly_data_quality_report", "backup_databases");
    }

    @Test
    void the_mlk_holiday_weekend_has_86_hours() {
        SimulationResult mlk = simulate("2026-01-16T15:00-05:00", "2026-01-20T09:30-05:00");
        assertWindows(mlk, window("2026-01-16T18:00-05:00", "2026-01-20T08:00-05:00", BudgetType.HOLIDAY_WEEKEND, 86));
        mlk.assertUtilizationAtLeast(BudgetType.HOLIDAY_WEEKEND, WEEKEND_UTILIZATION);
        assertRan(mlk, "weekend_model_retrain", "run_nightly_research", "validate_candidates");
        // A backup for each night of the long weekend, Monday's holiday included: Friday, Saturday, Sunday, Monday.
        assertEquals(4, succeeded(mlk, "backup_databases").size(), "a backup for each of the four nights");
    }

    @Test
    void thanksgiving_closes_thursday_and_research_starts_at_three_on_friday() {
        SimulationResult thanksgiving = simulate("2026-11-25T15:00-05:00", "2026-11-30T09:30-05:00");
        assertWindows(thanksgiving,
                window("2026-11-25T18:00-05:00", "2026-11-27T08:00-05:00", BudgetType.HOLIDAY, 38),
                window("2026-11-27T15:00-05:00", "2026-11-30T08:00-05:00", BudgetType.WEEKEND, 65));
        thanksgiving.assertUtilizationAtLeast(BudgetType.HOLIDAY, WEEKEND_UTILIZATION);
        thanksgiving.assertUtilizationAtLeast(BudgetType.WEEKEND, WEEKEND_UTILIZATION);
        // Friday's post-market work follows the 13:00 close, not the usual 16:00.
        Instant fridayClose = OffsetDateTime.parse("2026-11-27T13:00-05:00").toInstant();
        assertTrue(succeeded(thanksgiving, "reconcile_positions").stream()
                .anyMatch(r -> !r.start().isBefore(fridayClose)
                        && r.start().isBefore(fridayClose.plusSeconds(3600))),
                "Friday's reconciliation starts within the hour after the early close");
    }

    @Test
    void good_friday_makes_a_holiday_weekend() {
        SimulationResult easter = simulate("2026-04-02T15:00-04:00", "2026-04-06T09:30-04:00");
        assertWindows(easter, window("2026-04-02T18:00-04:00", "2026-04-06T08:00-04:00", BudgetType.HOLIDAY_WEEKEND, 86));
        easter.assertUtilizationAtLeast(BudgetType.HOLIDAY_WEEKEND, WEEKEND_UTILIZATION);
    }

    @Test
    void christmas_eve_closes_early_and_christmas_makes_a_holiday_weekend() {
        SimulationResult christmas = simulate("2026-12-23T15:00-05:00", "2026-12-28T09:30-05:00");
        assertWindows(christmas,
                window("2026-12-23T18:00-05:00", "2026-12-24T08:00-05:00", BudgetType.OVERNIGHT, 14),
                window("2026-12-24T15:00-05:00", "2026-12-28T08:00-05:00", BudgetType.HOLIDAY_WEEKEND, 89));
        christmas.assertUtilizationAtLeast(BudgetType.OVERNIGHT, OVERNIGHT_UTILIZATION);
        christmas.assertUtilizationAtLeast(BudgetType.HOLIDAY_WEEKEND, WEEKEND_UTILIZATION);
    }

    @Test
    void independence_day_observed_on_a_friday() {
        SimulationResult july = simulate("2026-07-02T15:00-04:00", "2026-07-06T09:30-04:00");
        assertWindows(july, window("2026-07-02T18:00-04:00", "2026-07-06T08:00-04:00", BudgetType.HOLIDAY_WEEKEND, 86));
        july.assertUtilizationAtLeast(BudgetType.HOLIDAY_WEEKEND, WEEKEND_UTILIZATION);
    }

    @Test
    void the_spring_forward_weekend_is_an_hour_short() {
        SimulationResult spring = simulate("2026-03-06T15:00-05:00", "2026-03-09T09:30-04:00");
        assertWindows(spring, window("2026-03-06T18:00-05:00", "2026-03-09T08:00-04:00", BudgetType.WEEKEND, 61));
        spring.assertUtilizationAtLeast(BudgetType.WEEKEND, WEEKEND_UTILIZATION);
    }

    @Test
    void the_fall_back_weekend_is_an_hour_long() {
        SimulationResult fall = simulate("2026-10-30T15:00-04:00", "2026-11-02T09:30-05:00");
        assertWindows(fall, window("2026-10-30T18:00-04:00", "2026-11-02T08:00-05:00", BudgetType.WEEKEND, 63));
        fall.assertUtilizationAtLeast(BudgetType.WEEKEND, WEEKEND_UTILIZATION);
    }

    @Test
    void a_week_of_overnight_windows() {
        SimulationResult week = simulate("2026-02-09T08:00-05:00", "2026-02-13T12:00-05:00");
        assertWindows(week,
                window("2026-02-09T18:00-05:00", "2026-02-10T08:00-05:00", BudgetType.OVERNIGHT, 14),
                window("2026-02-10T18:00-05:00", "2026-02-11T08:00-05:00", BudgetType.OVERNIGHT, 14),
                window("2026-02-11T18:00-05:00", "2026-02-12T08:00-05:00", BudgetType.OVERNIGHT, 14),
                window("2026-02-12T18:00-05:00", "2026-02-13T08:00-05:00", BudgetType.OVERNIGHT, 14));
        week.assertUtilizationAtLeast(BudgetType.OVERNIGHT, OVERNIGHT_UTILIZATION);
        // Every night: the research, then its validation; every trading day: reconcile, then P&L.
        assertEquals(4, succeeded(week, "run_nightly_research").size());
        assertEquals(4, succeeded(week, "validate_candidates").size());
        assertEquals(4, succeeded(week, "calculate_pnl").size());
        week.assertOrder("reconcile_positions", "calculate_pnl");
        assertTrue(succeeded(week, "monitor_positions").size() > 4 * 70, "a snapshot every 5 minutes of the sessions");
    }

    @Test
    void a_crash_in_the_middle_of_a_weekend_loses_nothing_and_research_resumes() {
        String from = "2026-02-06T15:00-05:00";
        String to = "2026-02-09T09:30-05:00";
        Instant crash = OffsetDateTime.parse("2026-02-07T10:00-05:00").toInstant();
        SimulationResult calm = simulate(from, to);
        SimulationResult crashed = Simulation.of(desk).seed(7).crashAt(crash).from(from).runUntil(to);
        invariants(crashed);
        assertEquals(List.of(crash), crashed.crashes());

        // Something was in flight when the node went down; it was recorded as interrupted and tried again.
        List<SimulatedRun> interrupted = crashed.runs().stream()
                .filter(r -> r.outcome() == RunOutcome.INTERRUPTED).toList();
        assertFalse(interrupted.isEmpty(), "a run was in flight at the crash");
        for (SimulatedRun run : interrupted) {
            assertEquals(crash, run.end().orElseThrow());
            assertTrue(crashed.runs().stream().anyMatch(r -> r.runId().equals(run.runId())
                            && r.attempt() == run.attempt() + 1 && !r.start().isBefore(crash)),
                    run.runId() + " is retried under the same run id after the crash");
        }

        // Nothing acknowledged before the crash is lost: every success before it is the same as without a crash,
        // and the recovered supervisor still knows it (a task that completed is not run again in the same window).
        Set<String> before = succeededBefore(calm, crash);
        assertEquals(before, succeededBefore(crashed, crash));
        Set<String> remembered = crashed.finalState().completions().stream()
                .map(c -> c.runId()).collect(Collectors.toSet());
        assertTrue(remembered.containsAll(before), "the recovered state holds every completion from before the crash");
        assertEquals(1, succeeded(crashed, "run_nightly_research").size(), "research ran once, not again");

        // Research resumes: the window keeps working after the crash.
        assertTrue(crashed.runs().stream().anyMatch(r -> r.start().isAfter(crash)
                && r.outcome() == RunOutcome.SUCCEEDED), "runs succeed after the crash");
        crashed.assertUtilizationAtLeast(BudgetType.WEEKEND, WEEKEND_UTILIZATION);
    }

    // ---- helpers ----

    private static SimulationResult simulate(String from, String to) {
        SimulationResult result = Simulation.of(desk).seed(7).from(from).runUntil(to);
        invariants(result);
        return result;
    }

    private static void invariants(SimulationResult result) {
        result.assertNoConflictingRunsOverlap();
        result.assertMemoryNeverExceeded();
        result.assertNoRunAbandoned();
    }

    private record ExpectedWindow(String start, String end, BudgetType type, double hours) {
    }

    private static ExpectedWindow window(String start, String end, BudgetType type, double hours) {
        return new ExpectedWindow(start, end, type, hours);
    }

    private static void assertWindows(SimulationResult result, ExpectedWindow... expected) {
        List<WindowReport> windows = result.researchWindows();
        assertEquals(expected.length, windows.size(), "research windows: " + windows);
        for (int i = 0; i < expected.length; i++) {
            ExpectedWindow e = expected[i];
            WindowReport w = windows.get(i);
            assertAll(
                    () -> assertEquals(OffsetDateTime.parse(e.start()).toInstant(), w.start().toInstant(), "start"),
                    () -> assertEquals(OffsetDateTime.parse(e.end()).toInstant(), w.end().toInstant(), "end"),
                    () -> assertEquals(e.type(), w.budgetType(), "budget type"),
                    () -> assertEquals(e.hours(), w.totalHours(), 1e-9, "budget hours"),
                    () -> assertTrue(w.complete(), "covered completely"));
        }
    }

    private static void assertRan(SimulationResult result, String... tasks) {
        for (String task : tasks) {
            assertFalse(succeeded(result, task).isEmpty(), task + " ran");
        }
    }

    private static List<SimulatedRun> succeeded(SimulationResult result, String task) {
        return result.runsOf(task).stream().filter(r -> r.outcome() == RunOutcome.SUCCEEDED).toList();
    }

    /** Runs that succeeded strictly before {@code at}: the crash comes first at its own instant. */
    private static Set<String> succeededBefore(SimulationResult result, Instant at) {
        return result.runs().stream()
                .filter(r -> r.outcome() == RunOutcome.SUCCEEDED && r.endOr(at).isBefore(at))
                .map(SimulatedRun::runId).collect(Collectors.toSet());
    }
}
