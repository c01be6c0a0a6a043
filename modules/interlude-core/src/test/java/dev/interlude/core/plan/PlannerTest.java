package dev.interlude.core.plan;

import static dev.interlude.core.plan.Frames.at;
import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.task.Priority;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TimeFrame;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final Instant EVENING = at("2026-11-18T20:00");
    private static final Resources PLENTY = new Resources(64_000, 16, Map.of());
    private static final Trigger EACH_WINDOW = new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW);
    private static final Trigger EACH_CYCLE = new Trigger.EveryWindow(Trigger.EveryWindow.Scope.TRADING_DAY);

    private static PlanningState state(TimeFrame frame, Resources resources, TaskSpec... specs) {
        return PlanningState.initial(new TaskCatalog(List.of(specs)), frame, resources, PlannerSettings.DEFAULT);
    }

    private static PlanningState overnight(TaskSpec... specs) {
        return state(Frames.overnight(), PLENTY, specs);
    }

    private static TaskSpec research(String name) {
        return task(name).phases(Phase.OVERNIGHT, Phase.WEEKEND, Phase.HOLIDAY).trigger(EACH_WINDOW).build();
    }

    private static List<String> started(Plan plan) {
        return plan.starts().stream().map(Start::taskName).collect(Collectors.toList());
    }

    private static BlockReason reason(Plan plan, String task) {
        return plan.blockedTask(task).orElseThrow(() -> new AssertionError(task + " was not blocked")).reason();
    }

    @Test
    void starts_a_due_task_in_its_phase() {
        Plan plan = Planner.plan(overnight(research("backup_databases")), EVENING);
        assertEquals(List.of("backup_databases"), started(plan));
        Start start = plan.starts().get(0);
        assertEquals(Start.Cause.TRIGGER, start.cause());
        assertEquals(at("2026-11-18T18:00"), start.dueSince());
        assertEquals(1, start.attempt());
        assertTrue(plan.blocked().isEmpty());
    }

    @Test
    void disabled_task_is_blocked_as_disabled() {
        TaskSpec spec = task("cleanup_logs").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).enabled(false).build();
        assertEquals(BlockReason.DISABLED, reason(Planner.plan(overnight(spec), EVENING), "cleanup_logs"));
    }

    @Test
    void task_outside_its_phases_waits_for_its_phase() {
        TaskSpec spec = task("reconcile_positions").phases(Phase.POST_MARKET).trigger(EACH_CYCLE).build();
        Plan plan = Planner.plan(state(Frames.marketHours(), PLENTY, spec), at("2026-11-18T11:00"));
        Blocked blocked = plan.blockedTask("reconcile_positions").orElseThrow();
        assertEquals(BlockReason.WRONG_PHASE, blocked.reason());
        assertEquals("runs in POST_MARKET; now MARKET_HOURS", blocked.detail());
    }

    @Test
    void manual_task_is_not_due_until_requested_and_then_runs_with_the_request_parameters() {
        TaskSpec alerts = task("send_alerts").trigger(new Trigger.Manual()).build();
        PlanningState state = overnight(alerts);
        assertEquals(BlockReason.NOT_DUE, reason(Planner.plan(state, EVENING), "send_alerts"));

        RunRequest request = new RunRequest("req-1", "send_alerts", Map.of("reason", "pnl failed"),
                at("2026-11-18T19:55"), "calculate_pnl");
        Plan plan = Planner.plan(state.withRequests(List.of(request)), EVENING);
        Start start = plan.starts().get(0);
        assertEquals(Start.Cause.REQUEST, start.cause());
        assertEquals(Optional.of("req-1"), start.requestId());
        assertEquals(Map.of("reason", "pnl failed"), start.parameters());
    }

    @Test
    void every_window_task_runs_once_per_window() {
        PlanningState state = overnight(research("backup_databases"))
                .withLastStarted(Map.of("backup_databases", at("2026-11-18T18:05")));
        Plan plan = Planner.plan(state, EVENING);
        assertEquals(BlockReason.NOT_DUE, reason(plan, "backup_databases"));
        assertTrue(plan.blockedTask("backup_databases").orElseThrow().detail().startsWith("already started this research window"));
    }

    @Test
    void dependent_waits_until_its_dependency_succeeds_in_this_trading_cycle() {
        TaskSpec reconcile = task("reconcile_positions").phases(Phase.POST_MARKET).trigger(EACH_CYCLE).build();
        TaskSpec pnl = task("calculate_pnl").phases(Phase.POST_MARKET).trigger(EACH_CYCLE)
                .dependsOn("reconcile_positions").build();
        PlanningState state = state(Frames.postMarket(), PLENTY, reconcile, pnl);
        Instant now = at("2026-11-18T16:30");

        Plan before = Planner.plan(state, now);
        assertEquals(List.of("reconcile_positions"), started(before));
        assertEquals(BlockReason.DEPENDENCY_PENDING, reason(before, "calculate_pnl"));
        assertEquals("waits for reconcile_positions to succeed in this trading cycle",
                before.blockedTask("calculate_pnl").orElseThrow().detail());

        Completion yesterday = new Completion("reconcile_positions", "r0", at("2026-11-17T16:05"),
                at("2026-11-17T16:20"), true);
        Completion failed = new Completion("reconcile_positions", "r1", at("2026-11-18T16:05"),
                at("2026-11-18T16:10"), false);
        assertEquals(BlockReason.DEPENDENCY_PENDING,
                reason(Planner.plan(state.withCompletions(List.of(yesterday, failed)), now), "calculate_pnl"));

        Completion today = new Completion("reconcile_positions", "r2", at("2026-11-18T16:10"),
                at("2026-11-18T16:25"), true);
        PlanningState after = state.withCompletions(List.of(today))
                .withLastStarted(Map.of("reconcile_positions", at("2026-11-18T16:10")));
        assertEquals(List.of("calculate_pnl"), started(Planner.plan(after, now)));
    }

    @Test
    void conflicting_task_waits_while_the_other_runs_whichever_side_declared_it() {
        TaskSpec research = task("run_nightly_research").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW)
                .conflictsWith("refresh_eod_data").build();
        TaskSpec eod = task("refresh_eod_data").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).build();
        RunningRun running = new RunningRun("run-1", "run_nightly_research", "general", 256, at("2026-11-18T18:00"));
        PlanningState state = overnight(research, eod).withRunning(List.of(running))
                .withLastStarted(Map.of("run_nightly_research", at("2026-11-18T18:00")));
        Plan plan = Planner.plan(state, EVENING);
        assertEquals(BlockReason.CONFLICT_RUNNING, reason(plan, "refresh_eod_data"));
        assertEquals("conflicts with run_nightly_research, which is running",
                plan.blockedTask("refresh_eod_data").orElseThrow().detail());
    }

    @Test
    void two_conflicting_tasks_due_together_start_one_at_a_time_by_priority() {
        TaskSpec research = task("run_nightly_research").priority(Priority.MEDIUM).phases(Phase.OVERNIGHT)
                .trigger(EACH_WINDOW).conflictsWith("validate_candidates").build();
        TaskSpec validate = task("validate_candidates").priority(Priority.HIGH).phases(Phase.OVERNIGHT)
                .trigger(EACH_WINDOW).conflictsWith("run_nightly_research").build();
        Plan plan = Planner.plan(overnight(research, validate), EVENING);
        assertEquals(List.of("validate_candidates"), started(plan));
        assertEquals(BlockReason.CONFLICT_RUNNING, reason(plan, "run_nightly_research"));
    }

    @Test
    void task_waits_when_memory_is_short() {
        TaskSpec big = task("run_nightly_research").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).memoryMb(4096).build();
        TaskSpec small = task("backup_databases").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).memoryMb(512).build();
        Plan plan = Planner.plan(state(Frames.overnight(), new Resources(3000, 16, Map.of()), big, small), EVENING);
        assertEquals(List.of("backup_databases"), started(plan));
        Blocked blocked = plan.blockedTask("run_nightly_research").orElseThrow();
        assertEquals(BlockReason.NOT_ENOUGH_MEMORY, blocked.reason());
        assertEquals("needs 4096 MB, 2488 MB of 3000 MB free", blocked.detail());
    }

    @Test
    void global_and_category_concurrency_limits_hold() {
        TaskSpec a = task("a").category("data").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).priority(Priority.HIGH).build();
        TaskSpec b = task("b").category("data").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).build();
        TaskSpec c = task("c").category("ops").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).build();
        TaskSpec d = task("d").category("ops").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).build();
        Plan plan = Planner.plan(state(Frames.overnight(), new Resources(64_000, 2, Map.of("data", 1)), a, b, c, d),
                EVENING);
        assertEquals(List.of("a", "c"), started(plan));
        assertEquals("category data: 1 of 1 runs in flight", plan.blockedTask("b").orElseThrow().detail());
        assertEquals("2 of 2 runs in flight", plan.blockedTask("d").orElseThrow().detail());
    }

    @Test
    void a_task_never_runs_more_than_its_own_limit() {
        TaskSpec monitor = task("monitor_positions").phases(Phase.MARKET_HOURS)
                .trigger(new Trigger.Interval(Duration.ofMinutes(5))).build();
        RunningRun running = new RunningRun("run-1", "monitor_positions", "general", 256, at("2026-11-18T10:00"));
        PlanningState state = state(Frames.marketHours(), PLENTY, monitor).withRunning(List.of(running))
                .withLastStarted(Map.of("monitor_positions", at("2026-11-18T10:00")));
        Plan plan = Planner.plan(state, at("2026-11-18T10:06"));
        assertEquals(BlockReason.OVER_CONCURRENCY, reason(plan, "monitor_positions"));
        assertEquals("1 of 1 runs of this task in flight", plan.blockedTask("monitor_positions").orElseThrow().detail());
    }

    @Test
    void a_task_that_does_not_fit_the_remaining_budget_waits_unless_extendable() {
        TaskSpec long1 = task("long_backtest").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW)
                .estimate(Duration.ofHours(3)).build();
        TaskSpec long2 = task("run_nightly_research").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW)
                .estimate(Duration.ofHours(3)).extendable(true).build();
        Plan plan = Planner.plan(overnight(long1, long2), at("2026-11-19T06:00"));
        assertEquals(List.of("run_nightly_research"), started(plan));
        Blocked blocked = plan.blockedTask("long_backtest").orElseThrow();
        assertEquals(BlockReason.DOES_NOT_FIT_BUDGET, blocked.reason());
        assertEquals("needs 3h, 2h of the overnight budget left", blocked.detail());
    }

    @Test
    void a_task_requiring_approval_waits_for_it() {
        TaskSpec validate = task("validate_candidates").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW)
                .requiresApproval(true).risk(dev.interlude.core.task.Risk.HIGH).build();
        PlanningState state = overnight(validate);
        Blocked blocked = Planner.plan(state, EVENING).blockedTask("validate_candidates").orElseThrow();
        assertEquals(BlockReason.AWAITING_APPROVAL, blocked.reason());
        assertTrue(blocked.detail().contains("risk HIGH"));
        assertEquals(List.of("validate_candidates"),
                started(Planner.plan(state.withApprovals(Set.of("validate_candidates")), EVENING)));
    }

    @Test
    void nothing_starts_while_dispatch_is_stopped() {
        Plan plan = Planner.plan(overnight(research("a"), research("b")).withStopped(true), EVENING);
        assertTrue(plan.starts().isEmpty());
        assertEquals(BlockReason.STOPPED, reason(plan, "a"));
        assertEquals(BlockReason.STOPPED, reason(plan, "b"));
    }

    @Test
    void a_failed_run_waits_out_its_backoff_then_retries_with_the_same_run_id() {
        TaskSpec spec = research("refresh_eod_data");
        PendingRetry retry = new PendingRetry("run-7", "refresh_eod_data", 2, at("2026-11-18T20:01"), Map.of());
        PlanningState state = overnight(spec).withRetries(List.of(retry))
                .withLastStarted(Map.of("refresh_eod_data", at("2026-11-18T19:50")));
        Plan waiting = Planner.plan(state, EVENING);
        assertEquals(BlockReason.RETRY_BACKOFF, reason(waiting, "refresh_eod_data"));

        Plan retried = Planner.plan(state, at("2026-11-18T20:01"));
        Start start = retried.starts().get(0);
        assertEquals(Start.Cause.RETRY, start.cause());
        assertEquals(Optional.of("run-7"), start.runId());
        assertEquals(2, start.attempt());
    }

    @Test
    void higher_priority_goes_first_when_there_is_one_slot() {
        TaskSpec low = task("cleanup").priority(Priority.LOW).phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).build();
        TaskSpec critical = task("risk").priority(Priority.CRITICAL).phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).build();
        Plan plan = Planner.plan(state(Frames.overnight(), new Resources(64_000, 1, Map.of()), low, critical), EVENING);
        assertEquals(List.of("risk"), started(plan));
        assertEquals(BlockReason.OVER_CONCURRENCY, reason(plan, "cleanup"));
    }

    @Test
    void waiting_raises_priority_so_low_work_cannot_starve() {
        // LOW due since 18:00 has waited 2 h at 20:00: two levels up (the default maximum), to HIGH.
        TaskSpec low = task("cleanup").priority(Priority.LOW).phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).build();
        TaskSpec medium = task("fresh").priority(Priority.MEDIUM).phases(Phase.OVERNIGHT).trigger(new Trigger.Manual())
                .build();
        RunRequest justNow = new RunRequest("req", "fresh", Map.of(), EVENING, "operator");
        PlanningState state = state(Frames.overnight(), new Resources(64_000, 1, Map.of()), low, medium)
                .withRequests(List.of(justNow));
        assertEquals(List.of("cleanup"), started(Planner.plan(state, EVENING)));

        PlanningState noBoost = state.withResources(new Resources(64_000, 1, Map.of()));
        PlanningState strict = noBoost.withSettings(new PlannerSettings(Duration.ofMinutes(30), 0, 0.2, 0.3, 0.7));
        assertEquals(List.of("fresh"), started(Planner.plan(strict, EVENING)));
    }

    @Test
    void nearer_deadline_goes_first_among_equal_priorities() {
        TaskSpec late = task("late").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).deadline(LocalTime.of(7, 0)).build();
        TaskSpec soon = task("soon").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).deadline(LocalTime.of(22, 0)).build();
        TaskSpec none = task("none").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).build();
        Plan plan = Planner.plan(state(Frames.overnight(), new Resources(64_000, 3, Map.of()), none, late, soon), EVENING);
        assertEquals(List.of("soon", "late", "none"), started(plan));
    }

    @Test
    void opportunistic_tasks_fill_what_is_left_after_the_rest() {
        TaskSpec opportunistic = task("cleanup_logs").priority(Priority.CRITICAL).opportunistic(true)
                .phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).memoryMb(1000).build();
        TaskSpec regular = task("backup_databases").priority(Priority.BACKGROUND).phases(Phase.OVERNIGHT)
                .trigger(EACH_WINDOW).memoryMb(1500).build();
        Plan tight = Planner.plan(state(Frames.overnight(), new Resources(2000, 8, Map.of()), opportunistic, regular),
                EVENING);
        assertEquals(List.of("backup_databases"), started(tight));
        assertEquals(BlockReason.NOT_ENOUGH_MEMORY, reason(tight, "cleanup_logs"));

        Plan roomy = Planner.plan(state(Frames.overnight(), new Resources(4000, 8, Map.of()), opportunistic, regular),
                EVENING);
        assertEquals(List.of("backup_databases", "cleanup_logs"), started(roomy));
    }

    @Test
    void estimate_is_the_observed_average_plus_the_buffer_or_the_declared_estimate() {
        TaskSpec spec = task("refresh_eod_data").estimate(Duration.ofMinutes(30)).build();
        PlanningState state = overnight(spec);
        assertEquals(Duration.ofMinutes(30), Planner.estimate(spec, state));
        DurationStats stats = DurationStats.first(Duration.ofMinutes(10)).observe(Duration.ofMinutes(20), 0.5);
        assertEquals(Duration.ofMinutes(15), stats.average());
        assertEquals(Duration.ofMinutes(18),
                Planner.estimate(spec, state.withDurations(Map.of("refresh_eod_data", stats))));
    }

    @Test
    void observed_durations_decide_budget_fit() {
        TaskSpec spec = task("refresh_eod_data").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW)
                .estimate(Duration.ofMinutes(30)).build();
        PlanningState state = overnight(spec)
                .withDurations(Map.of("refresh_eod_data", new DurationStats(Duration.ofHours(2), 5)));
        Plan plan = Planner.plan(state, at("2026-11-19T06:00"));
        assertEquals(BlockReason.DOES_NOT_FIT_BUDGET, reason(plan, "refresh_eod_data"));
        assertEquals("needs 2h 24m, 2h of the overnight budget left",
                plan.blockedTask("refresh_eod_data").orElseThrow().detail());
    }

    @Test
    void every_task_not_started_gets_exactly_one_reason() {
        TaskSpec a = research("a");
        TaskSpec b = task("b").phases(Phase.MARKET_HOURS).trigger(EACH_CYCLE).build();
        TaskSpec c = task("c").trigger(new Trigger.Manual()).build();
        TaskSpec d = task("d").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW).enabled(false).build();
        Plan plan = Planner.plan(overnight(a, b, c, d), EVENING);
        assertEquals(List.of("a"), started(plan));
        assertEquals(List.of("b", "c", "d"), plan.blocked().stream().map(Blocked::taskName).collect(Collectors.toList()));
        assertFalse(plan.blockedTask("a").isPresent());
    }

    @Test
    void the_next_decision_is_the_next_fire_the_next_retry_or_the_phase_end_whichever_is_first() {
        TaskSpec backup = task("backup_databases").phases(Phase.OVERNIGHT)
                .trigger(new Trigger.Daily(LocalTime.of(23, 0), Frames.NY)).build();
        assertEquals(at("2026-11-18T23:00"), Planner.plan(overnight(backup), EVENING).nextDecision());

        PendingRetry retry = new PendingRetry("run-7", "backup_databases", 2, at("2026-11-18T20:05"), Map.of());
        assertEquals(at("2026-11-18T20:05"),
                Planner.plan(overnight(backup).withRetries(List.of(retry)), EVENING).nextDecision());

        TaskSpec manual = task("send_alerts").trigger(new Trigger.Manual()).build();
        assertEquals(at("2026-11-19T08:00"), Planner.plan(overnight(manual), EVENING).nextDecision());
    }

    @Test
    void a_high_risk_task_with_low_confidence_waits_for_approval_even_without_requiring_it() {
        TaskSpec unsure = task("validate_candidates").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW)
                .risk(dev.interlude.core.task.Risk.HIGH).confidence(0.5).build();
        TaskSpec sure = task("rebalance_models").phases(Phase.OVERNIGHT).trigger(EACH_WINDOW)
                .risk(dev.interlude.core.task.Risk.HIGH).confidence(0.9).build();
        Plan plan = Planner.plan(overnight(unsure, sure), EVENING);
        assertEquals(List.of("rebalance_models"), started(plan));
        assertEquals("risk HIGH with confidence 0.5, below 0.7; approve it for this trading cycle",
                plan.blockedTask("validate_candidates").orElseThrow().detail());
        assertEquals(List.of("validate_candidates"), started(Planner.plan(
                overnight(unsure).withApprovals(Set.of("validate_candidates")), EVENING)));
    }

    @Test
    void a_task_whose_endpoint_is_unavailable_waits_without_spending_an_attempt() {
        TaskSpec spec = research("refresh_eod_data");
        Plan plan = Planner.plan(overnight(spec).withUnavailable(
                Map.of("refresh_eod_data", "circuit breaker open for https://data.example:443")), EVENING);
        Blocked blocked = plan.blockedTask("refresh_eod_data").orElseThrow();
        assertEquals(BlockReason.ENDPOINT_UNAVAILABLE, blocked.reason());
        assertEquals("circuit breaker open for https://data.example:443", blocked.detail());
    }

    @Test
    void waiting_raises_the_effective_priority_a_level_per_age_boost_but_never_into_critical() {
        TaskSpec low = task("backfill_history").priority(Priority.LOW).build();
        PlannerSettings settings = PlannerSettings.DEFAULT;
        Instant due = at("2026-11-18T20:00");
        assertEquals(Priority.LOW, Planner.effectivePriority(low, due, settings, due.plus(Duration.ofMinutes(29))));
        assertEquals(Priority.MEDIUM, Planner.effectivePriority(low, due, settings, due.plus(Duration.ofMinutes(30))));
        assertEquals(Priority.HIGH, Planner.effectivePriority(low, due, settings, due.plus(Duration.ofHours(9))));
        TaskSpec high = task("monitor_positions").priority(Priority.HIGH).build();
        assertEquals(Priority.HIGH, Planner.effectivePriority(high, due, settings, due.plus(Duration.ofHours(9))));
        // Lower keys go first: a MEDIUM before a LOW that waited as long, a LOW that waited before a fresh one.
        TaskSpec medium = task("refresh_eod_data").priority(Priority.MEDIUM).build();
        Instant later = due.plus(Duration.ofMinutes(30));
        assertTrue(Planner.rankKey(medium, due, settings, later) < Planner.rankKey(low, due, settings, later));
        assertTrue(Planner.rankKey(low, due, settings, later) < Planner.rankKey(low, later, settings, later));
    }
}
