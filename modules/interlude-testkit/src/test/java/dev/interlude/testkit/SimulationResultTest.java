package dev.interlude.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.plan.Start;
import dev.interlude.core.task.Priority;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpecBuilder;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The result's bookkeeping and assertions, on journals written by hand (the engine never breaks its rules). */
class SimulationResultTest {

    private static final Instant FROM = Instant.parse("2026-02-06T20:00:00Z");  // Friday 15:00 New York
    private static final Instant TO = Instant.parse("2026-02-09T14:30:00Z");    // Monday 09:30
    private static final Instant SATURDAY = Instant.parse("2026-02-07T15:00:00Z");

    private static final TaskCatalog CATALOG = new TaskCatalog(List.of(
            task("backtest").conflictsWith("refresh").memoryMb(6000).build(),
            task("refresh").conflictsWith("backtest").memoryMb(3000).build(),
            task("report").memoryMb(1000).build()));

    @Test
    void overlapping_conflicting_runs_are_caught() {
        SimulationResult result = result(
                started("backtest-1", "backtest", 6000, SATURDAY), started("refresh-2", "refresh", 3000,
                        SATURDAY.plusSeconds(600)),
                succeeded("backtest-1", "backtest", SATURDAY.plusSeconds(3600)),
                succeeded("refresh-2", "refresh", SATURDAY.plusSeconds(4000)));
        AssertionError e = assertThrows(AssertionError.class, result::assertNoConflictingRunsOverlap);
        assertTrue(e.getMessage().contains("backtest-1") && e.getMessage().contains("refresh-2"), e.getMessage());
        AssertionError memory = assertThrows(AssertionError.class, result::assertMemoryNeverExceeded);
        assertTrue(memory.getMessage().contains("9000 MiB"), memory.getMessage());
        assertEquals(9000, result.peakMemoryMb());
    }

    @Test
    void back_to_back_runs_neither_overlap_nor_add_up() {
        SimulationResult result = result(
                started("backtest-1", "backtest", 6000, SATURDAY),
                succeeded("backtest-1", "backtest", SATURDAY.plusSeconds(3600)),
                started("refresh-2", "refresh", 3000, SATURDAY.plusSeconds(3600)),
                succeeded("refresh-2", "refresh", SATURDAY.plusSeconds(7200)));
        result.assertNoConflictingRunsOverlap().assertMemoryNeverExceeded();
        assertEquals(6000, result.peakMemoryMb());
        assertEquals(2.0, result.researchWindows().get(0).busyHours(), 1e-9);
    }

    @Test
    void attempts_are_rebuilt_from_the_journal() {
        Instant failedAt = SATURDAY.plusSeconds(600);
        SimulationResult result = result(
                started("report-1", "report", 1000, SATURDAY),
                new SupervisorEvent.RunFailed("report-1", "report", 1, "exit 1\nmore", failedAt),
                new SupervisorEvent.RetryScheduled("report-1", "report", 2, failedAt.plusSeconds(30), failedAt),
                new SupervisorEvent.RunFailed("report-1", "report", 2, "exit 1", failedAt.plusSeconds(90)),
                new SupervisorEvent.RunAbandoned("report-1", "report", 2, "exit 1", failedAt.plusSeconds(90)),
                started("backtest-3", "backtest", 6000, SATURDAY.plusSeconds(7200)),
                new SupervisorEvent.RunInterrupted("backtest-3", "backtest", 1, SATURDAY.plusSeconds(9000)),
                new SupervisorEvent.RetryScheduled("backtest-3", "backtest", 2, SATURDAY.plusSeconds(9000),
                        SATURDAY.plusSeconds(9000)),
                new SupervisorEvent.RunStarted("backtest-3", "backtest", 2, Start.Cause.RETRY, Optional.empty(),
                        Map.of(), "research", 6000, Duration.ofHours(1), SATURDAY.plusSeconds(9000)));
        List<SimulatedRun> runs = result.runs();
        assertEquals(List.of("report-1#1 failed exit 1", "report-1#2 abandoned exit 1",
                        "backtest-3#1 interrupted the node crashed", "backtest-3#2 running "),
                runs.stream().map(r -> r.runId() + "#" + r.attempt() + " " + r.outcome().id() + " " + r.detail())
                        .toList());
        assertEquals(failedAt.plusSeconds(30), runs.get(1).start(), "the retry starts when it was scheduled");
        WindowReport weekend = result.researchWindows().get(0);
        assertEquals(1, weekend.failed());
        assertEquals(2, weekend.retried());
        assertEquals(0, weekend.succeeded());
        assertThrows(AssertionError.class, result::assertNoRunAbandoned);
    }

    @Test
    void block_reasons_are_counted_per_window_most_frequent_first() {
        List<Recorder.Episode> episodes = List.of(
                new Recorder.Episode(SATURDAY, "a", BlockReason.NOT_ENOUGH_MEMORY),
                new Recorder.Episode(SATURDAY, "b", BlockReason.CONFLICT_RUNNING),
                new Recorder.Episode(SATURDAY, "c", BlockReason.NOT_ENOUGH_MEMORY),
                new Recorder.Episode(FROM, "d", BlockReason.DEPENDENCY_PENDING)); // before the window opens
        SimulationResult result = SimulationResult.build(FROM, TO, CATALOG, windows(), settings(), List.of(),
                episodes, List.of(), SupervisorState.empty(), Duration.ZERO, 0);
        WindowReport weekend = result.researchWindows().get(0);
        assertEquals(List.of(BlockReason.NOT_ENOUGH_MEMORY, BlockReason.CONFLICT_RUNNING), weekend.topBlockReasons(3));
        assertEquals(2, weekend.blockReasons().get(BlockReason.NOT_ENOUGH_MEMORY));
        assertEquals(3, result.blockReasons().size(), "the whole simulation counts the pre-window wait too");
    }

    private static SimulationResult result(SupervisorEvent... journal) {
        return SimulationResult.build(FROM, TO, CATALOG, windows(), settings(), List.of(journal), List.of(),
                List.of(), SupervisorState.empty(), Duration.ZERO, 0);
    }

    private static TradingWindows windows() {
        return new TradingWindows(Simulation.XNYS, WindowSettings.DEFAULT);
    }

    private static SimulationSettings settings() {
        return new SimulationSettings(0, 0, 0, true, java.util.Set.of(), Duration.ofMinutes(5), 8192);
    }

    private static SupervisorEvent started(String runId, String task, int memoryMb, Instant at) {
        return new SupervisorEvent.RunStarted(runId, task, 1, Start.Cause.TRIGGER, Optional.empty(), Map.of(),
                "research", memoryMb, Duration.ofHours(1), at);
    }

    private static SupervisorEvent succeeded(String runId, String task, Instant at) {
        return new SupervisorEvent.RunSucceeded(runId, task, 1, "ok", at);
    }

    private static TaskSpecBuilder task(String name) {
        return TaskSpecBuilder.task(name).priority(Priority.MEDIUM).phases(Phase.WEEKEND)
                .trigger(new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW));
    }
}
