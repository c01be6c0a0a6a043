package dev.interlude.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.plan.Start;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.Priority;
import dev.interlude.core.task.RetryPolicy;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpecBuilder;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.BudgetType;
import dev.interlude.core.window.Phase;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final String FRIDAY = "2026-02-06T15:00-05:00";
    private static final String MONDAY = "2026-02-09T09:30-05:00";

    private static TaskCatalog desk() {
        return CatalogLoader.loadFile(Path.of("../../conf/tasks.conf"), Simulation.XNYS.zone());
    }

    @Test
    void the_same_catalog_seed_and_range_give_the_same_runs_byte_for_byte() {
        TaskCatalog desk = desk();
        String first = Simulation.of(desk).seed(11).failureRate(0.2).durationSpread(0.3).from(FRIDAY)
                .runUntil(MONDAY).toJson();
        String second = Simulation.of(desk).seed(11).failureRate(0.2).durationSpread(0.3).from(FRIDAY)
                .runUntil(MONDAY).toJson();
        assertEquals(first, second);
        String otherSeed = Simulation.of(desk).seed(12).failureRate(0.2).durationSpread(0.3).from(FRIDAY)
                .runUntil(MONDAY).toJson();
        assertNotEquals(first, otherSeed, "the seed drives the draws");
    }

    @Test
    void failed_attempts_are_retried_under_the_same_run_id() {
        SimulationResult result = Simulation.of(desk()).seed(3).failureRate(0.4).from(FRIDAY).runUntil(MONDAY);
        List<SimulatedRun> failed = result.runs().stream().filter(r -> r.outcome() == RunOutcome.FAILED).toList();
        assertFalse(failed.isEmpty(), "with a 40 % failure rate some attempts fail");
        for (SimulatedRun run : failed) {
            assertTrue(result.runs().stream().anyMatch(r -> r.runId().equals(run.runId())
                    && r.attempt() == run.attempt() + 1), run.runId() + " attempt " + run.attempt() + " is retried");
        }
        WindowReport weekend = result.researchWindows().get(0);
        assertTrue(weekend.retried() > 0, "the window counts its retries");
        result.assertNoConflictingRunsOverlap().assertMemoryNeverExceeded();
    }

    @Test
    void without_an_operator_tasks_that_need_approval_wait() {
        SimulationResult result = Simulation.of(desk()).autoApprove(false).from(FRIDAY).runUntil(MONDAY);
        assertTrue(result.runsOf("validate_candidates").isEmpty());
        assertTrue(result.runsOf("weekend_model_retrain").isEmpty());
        assertTrue(result.blockReasons().containsKey(BlockReason.AWAITING_APPROVAL), result.blockReasons().toString());
        assertTrue(result.journal().stream().anyMatch(e -> e.getClass().getSimpleName().equals("ApprovalRequested")));
    }

    @Test
    void an_operator_who_approves_only_some_tasks() {
        SimulationResult result = Simulation.of(desk()).autoApprove(false).approve(List.of("validate_candidates"))
                .from(FRIDAY).runUntil(MONDAY);
        assertFalse(result.runsOf("validate_candidates").isEmpty());
        assertTrue(result.runsOf("weekend_model_retrain").isEmpty());
        assertMessage("approve:", () -> Simulation.of(desk()).approve(List.of("no_such_task")).from(FRIDAY)
                .runUntil(MONDAY));
    }

    @Test
    void a_simulated_handler_takes_its_own_duration_and_the_window_counts_busy_time_once() {
        // Two overlapping runs (2 h and 3 h from the window's start) make 3 busy hours, not 5.
        TaskCatalog catalog = new TaskCatalog(List.of(
                research("two_hours").handler(new HandlerSpec.Simulated(Optional.of(Duration.ofHours(2)), 0))
                        .build(),
                research("three_hours").estimate(Duration.ofHours(3)).build()));
        SimulationResult result = Simulation.of(catalog).from(FRIDAY).runUntil(MONDAY);
        WindowReport weekend = result.researchWindows().get(0);
        assertEquals(BudgetType.WEEKEND, weekend.budgetType());
        assertEquals(62.0, weekend.totalHours(), 1e-9);
        assertEquals(3.0, weekend.busyHours(), 0.01);
        assertEquals(3.0 / 62, weekend.utilization(), 0.001);
        assertEquals(Duration.ofHours(2), result.runsOf("two_hours").get(0).duration(result.to()));
        assertEquals(2, weekend.succeeded());
        assertThrows(AssertionError.class, () -> result.assertUtilizationAtLeast(BudgetType.WEEKEND, 0.6));
    }

    @Test
    void a_partly_covered_window_says_so() {
        SimulationResult result = Simulation.of(desk()).from("2026-02-07T12:00-05:00").runUntil(MONDAY);
        WindowReport weekend = result.researchWindows().get(0);
        assertFalse(weekend.complete());
        assertEquals(62.0, weekend.totalHours(), 1e-9);
        assertEquals(44.0, weekend.coveredHours(), 1e-9);
        assertThrows(AssertionError.class, () -> result.assertUtilizationAtLeast(BudgetType.WEEKEND, 0.1),
                "no complete weekend window to judge");
    }

    @Test
    void the_order_assertion_fails_when_the_order_is_wrong() {
        SimulationResult result = Simulation.of(desk()).from(FRIDAY).runUntil(MONDAY);
        result.assertOrder("reconcile_positions", "calculate_pnl");
        AssertionError wrong = assertThrows(AssertionError.class,
                () -> result.assertOrder("calculate_pnl", "reconcile_positions"));
        assertTrue(wrong.getMessage().contains("reconcile_positions"), wrong.getMessage());
        assertThrows(AssertionError.class, () -> result.assertOrder("reconcile_positions", "no_such_task"));
    }

    @Test
    void a_simulation_can_carry_on_from_a_running_nodes_state() {
        TaskCatalog catalog = new TaskCatalog(List.of(
                research("two_hours").estimate(Duration.ofHours(2)).build(),
                research("three_hours").estimate(Duration.ofHours(3)).retry(new RetryPolicy(2, Duration.ofSeconds(1),
                        1.0, Duration.ofSeconds(1), 0)).build(),
                research("report").trigger(new Trigger.Manual()).build()));
        Instant saturday = Simulation.instant("from", "2026-02-07T12:00-05:00");
        Instant morning = saturday.minus(Duration.ofHours(3));
        SupervisorState state = SupervisorState.empty();
        for (SupervisorEvent event : List.of(
                new SupervisorEvent.RunStarted("two_hours-1", "two_hours", 1, Start.Cause.TRIGGER, Optional.empty(),
                        Map.of(), "general", 512, Duration.ofHours(2), morning),
                new SupervisorEvent.RunSucceeded("two_hours-1", "two_hours", 1, "ok", morning.plus(Duration.ofHours(2))),
                new SupervisorEvent.RunStarted("three_hours-2", "three_hours", 1, Start.Cause.TRIGGER,
                        Optional.empty(), Map.of(), "general", 512, Duration.ofHours(3), saturday),
                new SupervisorEvent.RunQueued("req-3", "report", Map.of("day", "saturday"), "alice", saturday))) {
            state = state.apply(event);
        }
        SimulationResult fresh = Simulation.of(catalog).from(saturday).runFor(Duration.ofHours(4));
        assertEquals(1, fresh.runsOf("two_hours").size(), "a fresh node runs the window's task again");
        assertTrue(fresh.runsOf("report").isEmpty(), "nobody asked a fresh node for the report");

        SimulationResult carried = Simulation.of(catalog).startingFrom(state).from(saturday)
                .runFor(Duration.ofHours(4));
        assertTrue(carried.runsOf("two_hours").isEmpty(), "it already ran in this window");
        assertEquals(saturday, carried.runsOf("report").get(0).start().truncatedTo(ChronoUnit.SECONDS));
        SimulatedRun resumed = carried.runsOf("three_hours").get(0);
        assertEquals("three_hours-2", resumed.runId(), "the run in flight is retried under its own id");
        assertEquals(2, resumed.attempt());
        assertTrue(carried.finalState().completions().stream().anyMatch(c -> c.runId().equals("two_hours-1")));
    }

    @Test
    void bad_input_names_what_is_wrong() {
        TaskCatalog desk = desk();
        assertMessage("to:", () -> Simulation.of(desk).from(MONDAY).runUntil(FRIDAY));
        assertMessage("from:", () -> Simulation.of(desk).runUntil(MONDAY));
        assertMessage("from:", () -> Simulation.of(desk).from("friday afternoon"));
        assertMessage("failureRate:", () -> Simulation.of(desk).failureRate(1.5));
        assertMessage("durationSpread:", () -> Simulation.of(desk).durationSpread(-0.1));
        assertMessage("memoryMb:", () -> Simulation.of(desk).memoryMb(0));
        assertMessage("crashAt:", () -> Simulation.of(desk).crashAt("2026-03-01T12:00-05:00").from(FRIDAY)
                .runUntil(MONDAY));
    }

    @Test
    void instants_take_an_offset_a_zone_or_utc() {
        Instant expected = Instant.parse("2026-01-16T20:00:00Z");
        assertEquals(expected, Simulation.instant("from", "2026-01-16T15:00-05:00"));
        assertEquals(expected, Simulation.instant("from", "2026-01-16T15:00:00-05:00[America/New_York]"));
        assertEquals(expected, Simulation.instant("from", "2026-01-16T20:00:00Z"));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    private static TaskSpecBuilder research(String name) {
        return TaskSpecBuilder.task(name)
                .priority(Priority.MEDIUM)
                .phases(Phase.OVERNIGHT, Phase.WEEKEND, Phase.HOLIDAY)
                .trigger(new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW))
                .memoryMb(512)
                .estimate(Duration.ofHours(1))
                .timeout(Duration.ofHours(6))
                .retry(RetryPolicy.NONE);
    }
}
