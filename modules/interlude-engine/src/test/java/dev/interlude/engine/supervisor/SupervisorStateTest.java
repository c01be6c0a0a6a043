package dev.interlude.engine.supervisor;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.Completion;
import dev.interlude.core.plan.PendingRetry;
import dev.interlude.core.plan.PlannerSettings;
import dev.interlude.core.plan.PlanningState;
import dev.interlude.core.plan.Resources;
import dev.interlude.core.plan.RunRequest;
import dev.interlude.core.plan.Start;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalDenied;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalGranted;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalRequested;
import dev.interlude.engine.supervisor.SupervisorEvent.DispatchResumed;
import dev.interlude.engine.supervisor.SupervisorEvent.DispatchStopped;
import dev.interlude.engine.supervisor.SupervisorEvent.RetryScheduled;
import dev.interlude.engine.supervisor.SupervisorEvent.RunAbandoned;
import dev.interlude.engine.supervisor.SupervisorEvent.RunFailed;
import dev.interlude.engine.supervisor.SupervisorEvent.RunInterrupted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunQueued;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunSucceeded;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskDefined;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskEnabledChanged;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskRemoved;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SupervisorStateTest {

    private static final Instant T0 = Instant.parse("2026-11-18T23:00:00Z");
    private static final TradingWindows WINDOWS = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);
    private static final TaskCatalog CATALOG = new TaskCatalog(List.of(
            task("refresh_eod_data").category("data").memoryMb(1536).build(),
            task("validate_candidates").requiresApproval(true).build()));

    private static SupervisorState replay(SupervisorEvent... events) {
        SupervisorState state = SupervisorState.empty();
        for (SupervisorEvent e : events) {
            state = state.apply(e);
        }
        return state;
    }

    private static RunStarted started(String runId, String task, int attempt, Instant at) {
        return new RunStarted(runId, task, attempt, Start.Cause.TRIGGER, Optional.empty(), Map.of(), "data", 1536,
                Duration.ofMinutes(30), at);
    }

    private static PlanningState planning(SupervisorState state, Instant now) {
        return state.toPlanningState(CATALOG, WINDOWS.frameAt(now), new Resources(8192, 4, Map.of()),
                PlannerSettings.DEFAULT, now);
    }

    @Test
    void a_started_run_is_in_flight_holding_its_memory_and_marks_the_last_start() {
        SupervisorState state = replay(started("r1", "refresh_eod_data", 1, T0));
        PlanningState p = planning(state, T0.plusSeconds(60));
        assertEquals(1, p.running().size());
        assertEquals(1536, p.running().get(0).memoryMb());
        assertEquals(T0, p.lastStarted().get("refresh_eod_data"));
    }

    @Test
    void success_records_a_completion_and_feeds_the_duration_average() {
        SupervisorState state = replay(started("r1", "refresh_eod_data", 1, T0),
                new RunSucceeded("r1", "refresh_eod_data", 1, "ok", T0.plus(Duration.ofMinutes(20))));
        assertTrue(state.running().isEmpty());
        assertEquals(List.of(new Completion("refresh_eod_data", "r1", T0, T0.plus(Duration.ofMinutes(20)), true)),
                state.completions());
        assertEquals(Duration.ofMinutes(20), state.durations().get("refresh_eod_data").average());

        SupervisorState second = state.apply(started("r2", "refresh_eod_data", 1, T0.plus(Duration.ofDays(1))))
                .apply(new RunSucceeded("r2", "refresh_eod_data", 1, "ok", T0.plus(Duration.ofDays(1))
                        .plus(Duration.ofMinutes(30))));
        assertEquals(Duration.ofMinutes(23), second.durations().get("refresh_eod_data").average());
        assertEquals(2, second.durations().get("refresh_eod_data").samples());
    }

    @Test
    void a_failed_attempt_retried_in_place_keeps_the_run_in_flight_until_it_is_abandoned() {
        SupervisorState retrying = replay(started("r1", "refresh_eod_data", 1, T0),
                new RunFailed("r1", "refresh_eod_data", 1, "exit 1", T0.plusSeconds(10)),
                new RetryScheduled("r1", "refresh_eod_data", 2, T0.plusSeconds(40), T0.plusSeconds(10)));
        assertEquals(Optional.of(1), Optional.of(retrying.running().size()));
        assertTrue(retrying.retries().isEmpty());
        assertEquals(2, retrying.running().get("r1").attempt(), "the record follows the attempt in flight");
        assertEquals(T0, retrying.running().get("r1").startedAt(), "the run started with its first attempt");

        // A crash now interrupts attempt 2: recovery counts the attempts the run has really had.
        SupervisorState interrupted = retrying.apply(
                new RunInterrupted("r1", "refresh_eod_data", 2, T0.plusSeconds(60)));
        assertTrue(interrupted.running().isEmpty());

        SupervisorState abandoned = retrying.apply(
                new RunAbandoned("r1", "refresh_eod_data", 3, "exit 1", T0.plusSeconds(200)));
        assertTrue(abandoned.running().isEmpty());
        assertFalse(abandoned.completions().get(0).succeeded());
    }

    @Test
    void an_interrupted_run_waits_as_a_retry_with_the_same_run_id() {
        SupervisorState state = replay(started("r1", "refresh_eod_data", 1, T0),
                new RunInterrupted("r1", "refresh_eod_data", 1, T0.plusSeconds(30)),
                new RetryScheduled("r1", "refresh_eod_data", 2, T0.plusSeconds(30), T0.plusSeconds(30)));
        assertTrue(state.running().isEmpty());
        assertEquals(new PendingRetry("r1", "refresh_eod_data", 2, T0.plusSeconds(30), Map.of()),
                state.retries().get("r1"));

        SupervisorState restarted = state.apply(started("r1", "refresh_eod_data", 2, T0.plusSeconds(31)));
        assertTrue(restarted.retries().isEmpty());
        assertEquals(2, restarted.running().get("r1").attempt());
    }

    @Test
    void a_request_waits_until_a_run_answers_it() {
        SupervisorState queued = replay(new RunQueued("q1", "refresh_eod_data", Map.of("date", "2026-11-18"),
                "operator", T0));
        assertEquals(List.of(new RunRequest("q1", "refresh_eod_data", Map.of("date", "2026-11-18"), T0, "operator")),
                planning(queued, T0).requests());
        SupervisorState answered = queued.apply(new RunStarted("r1", "refresh_eod_data", 1, Start.Cause.REQUEST,
                Optional.of("q1"), Map.of("date", "2026-11-18"), "data", 1536, Duration.ofMinutes(30),
                T0.plusSeconds(1)));
        assertTrue(answered.requests().isEmpty());
        assertEquals(Map.of("date", "2026-11-18"), answered.running().get("r1").parameters());
    }

    @Test
    void approvals_count_until_they_expire_and_a_denial_keeps_the_task_waiting() {
        Instant expiry = T0.plus(Duration.ofHours(8));
        SupervisorState asked = replay(new ApprovalRequested("validate_candidates", "requires approval", expiry, T0));
        assertEquals(Map.of("validate_candidates", expiry), asked.awaiting());

        SupervisorState approved = asked.apply(new ApprovalGranted("validate_candidates", "ops", expiry, T0));
        assertTrue(approved.awaiting().isEmpty());
        assertEquals(java.util.Set.of("validate_candidates"), planning(approved, T0.plusSeconds(1)).approvals());
        assertTrue(planning(approved, expiry).approvals().isEmpty());

        SupervisorState denied = asked.apply(new ApprovalDenied("validate_candidates", "ops", expiry, T0));
        assertTrue(planning(denied, T0.plusSeconds(1)).approvals().isEmpty());
        assertEquals(Map.of("validate_candidates", expiry), denied.denials());
    }

    @Test
    void stop_and_resume_toggle_dispatch() {
        SupervisorState stopped = replay(new DispatchStopped("ops", "bad data feed", false, T0));
        assertTrue(planning(stopped, T0).stopped());
        assertEquals("bad data feed", stopped.stop().orElseThrow().reason());
        assertFalse(planning(stopped.apply(new DispatchResumed("ops", T0.plusSeconds(5))), T0).stopped());
    }

    @Test
    void completions_older_than_the_retention_are_dropped() {
        SupervisorState old = replay(started("r1", "refresh_eod_data", 1, T0),
                new RunSucceeded("r1", "refresh_eod_data", 1, "ok", T0.plusSeconds(60)));
        Instant later = T0.plus(SupervisorState.COMPLETION_RETENTION).plus(Duration.ofDays(1));
        SupervisorState now = old.apply(started("r2", "refresh_eod_data", 1, later))
                .apply(new RunSucceeded("r2", "refresh_eod_data", 1, "ok", later.plusSeconds(60)));
        assertEquals(List.of("r2"), now.completions().stream().map(Completion::runId).toList());
    }

    @Test
    void task_changes_are_kept_the_latest_change_of_a_task_winning() {
        SupervisorState defined = replay(new TaskDefined("fetch", "{\"priority\":\"LOW\"}", "alice", T0),
                new TaskEnabledChanged("fetch", false, "bob", T0.plusSeconds(1)),
                new TaskEnabledChanged("refresh_eod_data", false, "bob", T0.plusSeconds(2)));
        CatalogChanges changes = defined.catalogChanges();
        assertEquals(new CatalogChanges.Definition("{\"priority\":\"LOW\"}", "alice", T0),
                changes.definitions().get("fetch"));
        assertEquals(new CatalogChanges.Switch(false, "bob", T0.plusSeconds(1)), changes.enabled().get("fetch"));
        assertEquals(Optional.of(new CatalogChanges.Change("bob", T0.plusSeconds(1))), changes.lastChange("fetch"));

        CatalogChanges redefined = defined.apply(new TaskDefined("fetch", "{}", "carol", T0.plusSeconds(3)))
                .catalogChanges();
        assertFalse(redefined.enabled().containsKey("fetch"), "a new definition says whether it is enabled");
        assertEquals("carol", redefined.definitions().get("fetch").by());

        SupervisorState removed = defined.apply(new TaskRemoved("fetch", "dave", T0.plusSeconds(4)))
                .apply(new TaskRemoved("refresh_eod_data", "dave", T0.plusSeconds(5)));
        assertEquals(java.util.Set.of("fetch", "refresh_eod_data"), removed.catalogChanges().removed().keySet());
        assertTrue(removed.catalogChanges().definitions().isEmpty());
        assertTrue(removed.catalogChanges().enabled().isEmpty());
        assertEquals(Optional.empty(), removed.catalogChanges().lastChange("fetch"));

        CatalogChanges back = removed.apply(new TaskDefined("refresh_eod_data", "{}", "erin", T0.plusSeconds(6)))
                .catalogChanges();
        assertFalse(back.removed().containsKey("refresh_eod_data"), "defined again: no longer removed");
        assertEquals(defined.running(), removed.running(), "nothing else changes");
    }

    @Test
    void a_definition_never_prints_its_text() {
        SupervisorState state = replay(new TaskDefined("fetch", "{\"env\":{\"TOKEN\":\"s3cret\"}}", "alice", T0));
        assertFalse(state.toString().contains("s3cret"), state.toString());
    }
}
