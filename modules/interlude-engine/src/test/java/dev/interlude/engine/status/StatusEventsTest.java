package dev.interlude.engine.status;

import static dev.interlude.engine.status.Frames.frameAt;
import static dev.interlude.engine.status.Frames.ny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.plan.Start;
import dev.interlude.core.window.TimeFrame;
import dev.interlude.engine.supervisor.SupervisorEvent;
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
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pure translations into status updates. */
class StatusEventsTest {

    private static final Instant AT = Instant.parse("2026-11-19T01:00:00Z");

    private static List<String> types(List<StatusUpdate> updates) {
        return updates.stream().map(StatusUpdate::type).collect(Collectors.toList());
    }

    // ---- supervisor events ----

    @Test
    void run_started_carries_task_run_attempt_and_names_but_not_parameter_values() {
        StatusUpdate update = StatusEvents.of(new RunStarted("backup-1", "backup", 2, Start.Cause.RETRY,
                Optional.of("req-1"), Map.of("target", "s3://bucket", "password", "hunter2"), "maintenance", 2048,
                Duration.ofMinutes(45), AT));
        assertEquals("run_started", update.type());
        assertEquals(AT, update.at());
        assertEquals(Optional.of("backup"), update.task());
        assertEquals(Optional.of("backup-1"), update.runId());
        assertEquals(OptionalInt.of(2), update.attempt());
        assertEquals(Map.of("cause", "retry", "category", "maintenance", "memory_mb", "2048", "estimate", "PT45M",
                "request_id", "req-1", "parameter_names", "password,target"), update.details());
        assertFalse(update.toString().contains("hunter2"));
        assertFalse(update.toString().contains("s3://bucket"));
    }

    @Test
    void run_queued_names_the_requester_and_omits_parameter_names_when_there_are_none() {
        StatusUpdate update = StatusEvents.of(new RunQueued("req-7", "send_alerts", Map.of(), "alice", AT));
        assertEquals("run_queued", update.type());
        assertEquals(Optional.of("send_alerts"), update.task());
        assertEquals(Optional.empty(), update.runId());
        assertEquals(OptionalInt.empty(), update.attempt());
        assertEquals(Map.of("request_id", "req-7", "requested_by", "alice"), update.details());
    }

    @Test
    void run_succeeded_does_not_publish_the_handler_result() {
        StatusUpdate update = StatusEvents.of(new RunSucceeded("r1", "fetch", 1, "token=abc123 secret body", AT));
        assertEquals("run_succeeded", update.type());
        assertEquals(Map.of(), update.details());
        assertFalse(update.toString().contains("abc123"));
    }

    @Test
    void a_task_defined_over_the_api_is_published_without_its_definition() {
        TaskDefined defined = new TaskDefined("fetch", "{\"handler\":{\"type\":\"http\",\"url\":\"https://x.test\","
                + "\"headers\":{\"Authorization\":\"Bearer s3cret\"}}}", "api (alice)", AT);
        StatusUpdate update = StatusEvents.of(defined);
        assertEquals("task_defined", update.type());
        assertEquals(Optional.of("fetch"), update.task());
        assertEquals(Map.of("by", "api (alice)"), update.details());
        assertFalse(update.toString().contains("s3cret"));
        assertFalse(defined.toString().contains("s3cret"), "not even the event prints it");
        assertEquals(Map.of("by", "bob", "enabled", "false"),
                StatusEvents.of(new TaskEnabledChanged("fetch", false, "bob", AT)).details());
    }

    @Test
    void failures_publish_a_safe_one_line_reason() {
        StatusUpdate failed = StatusEvents.of(new RunFailed("r1", "fetch", 1,
                "GET https://bob:pa55@api.example.com/v1/q?apikey=XYZ answered 500\nAuthorization: Bearer eyJhbGci",
                AT));
        assertEquals("run_failed", failed.type());
        assertEquals(OptionalInt.of(1), failed.attempt());
        String reason = failed.details().get("reason");
        assertEquals("GET https://***@api.example.com/v1/q?*** answered 500 Authorization: ***", reason);
        StatusUpdate abandoned = StatusEvents.of(new RunAbandoned("r1", "fetch", 3, "exit code 2: password=swordfish",
                AT));
        assertEquals("run_abandoned", abandoned.type());
        assertEquals(OptionalInt.of(3), abandoned.attempt());
        assertEquals("exit code 2: password=***", abandoned.details().get("reason"));
    }

    @Test
    void bearer_and_basic_credentials_are_masked_but_plain_words_are_kept() {
        assertEquals("call with Bearer *** failed", StatusEvents.safeReason("call with Bearer abc.def-123 failed"));
        assertEquals("sent Basic ***", StatusEvents.safeReason("sent Basic dXNlcjpwYXNzd29yZA=="));
        assertEquals("basic validation failed", StatusEvents.safeReason("basic validation failed"));
        assertEquals("needs 4096 MB, 1024 MB of 8192 MB free",
                StatusEvents.safeReason("needs 4096 MB, 1024 MB of 8192 MB free"));
    }

    @Test
    void a_long_reason_is_cut() {
        String reason = StatusEvents.safeReason("x".repeat(1000));
        assertEquals(StatusEvents.MAX_REASON_CHARS, reason.length());
        assertTrue(reason.endsWith("…"));
    }

    @Test
    void retry_scheduled_carries_the_next_attempt_and_when() {
        Instant notBefore = AT.plusSeconds(60);
        StatusUpdate update = StatusEvents.of(new RetryScheduled("r1", "fetch", 2, notBefore, AT));
        assertEquals("retry_scheduled", update.type());
        assertEquals(OptionalInt.of(2), update.attempt());
        assertEquals(Map.of("not_before", notBefore.toString()), update.details());
    }

    @Test
    void every_supervisor_event_has_its_snake_case_type() {
        Instant expires = AT.plusSeconds(3600);
        Map<SupervisorEvent, String> expected = Map.ofEntries(
                Map.entry(new RunInterrupted("r1", "fetch", 1, AT), "run_interrupted"),
                Map.entry(new ApprovalRequested("deploy", "high risk", expires, AT), "approval_requested"),
                Map.entry(new ApprovalGranted("deploy", "alice", expires, AT), "approval_granted"),
                Map.entry(new ApprovalDenied("deploy", "bob", expires, AT), "approval_denied"),
                Map.entry(new DispatchStopped("alice", "maintenance", true, AT), "dispatch_stopped"),
                Map.entry(new DispatchResumed("alice", AT), "dispatch_resumed"));
        expected.forEach((event, type) -> {
            StatusUpdate update = StatusEvents.of(event);
            assertEquals(type, update.type());
            assertEquals(AT, update.at());
            assertTrue(StatusType.ofId(type).isPresent(), type);
        });
        assertEquals(Map.of("by", "alice", "reason", "maintenance", "cancel_running", "true"),
                StatusEvents.of(new DispatchStopped("alice", "maintenance", true, AT)).details());
        assertEquals(Map.of("by", "bob", "expires_at", expires.toString()),
                StatusEvents.of(new ApprovalDenied("deploy", "bob", expires, AT)).details());
        assertEquals(Map.of("reason", "high risk", "expires_at", expires.toString()),
                StatusEvents.of(new ApprovalRequested("deploy", "high risk", expires, AT)).details());
    }

    @Test
    void every_kind_of_supervisor_event_has_a_status_type() {
        Instant expires = AT.plusSeconds(3600);
        List<SupervisorEvent> oneOfEach = List.of(
                new RunQueued("req-1", "t", Map.of(), "alice", AT),
                new RunStarted("r1", "t", 1, Start.Cause.TRIGGER, Optional.empty(), Map.of(), "c", 1,
                        Duration.ofMinutes(1), AT),
                new RunSucceeded("r1", "t", 1, "", AT),
                new RunFailed("r1", "t", 1, "boom", AT),
                new RetryScheduled("r1", "t", 2, AT, AT),
                new RunAbandoned("r1", "t", 2, "boom", AT),
                new RunInterrupted("r1", "t", 1, AT),
                new ApprovalRequested("t", "risk", expires, AT),
                new ApprovalGranted("t", "alice", expires, AT),
                new ApprovalDenied("t", "alice", expires, AT),
                new DispatchStopped("alice", "why", false, AT),
                new DispatchResumed("alice", AT),
                new TaskDefined("t", "{\"handler\":{\"type\":\"command\",\"env\":{\"TOKEN\":\"s3cret\"}}}", "alice",
                        AT),
                new TaskRemoved("t", "alice", AT),
                new TaskEnabledChanged("t", false, "alice", AT));
        // a new kind of supervisor event fails here until it has its translation and a status type
        assertEquals(java.util.Set.of(SupervisorEvent.class.getPermittedSubclasses()),
                oneOfEach.stream().map(Object::getClass).collect(Collectors.toSet()));
        for (SupervisorEvent event : oneOfEach) {
            String type = StatusEvents.of(event).type();
            assertEquals(event.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2")
                    .toLowerCase(java.util.Locale.ROOT), type);
            assertTrue(StatusType.ofId(type).isPresent(), type);
        }
    }

    @Test
    void a_status_type_is_snake_case() {
        assertThrows(IllegalArgumentException.class,
                () -> new StatusUpdate(AT, "RunStarted", Optional.empty(), Optional.empty(), OptionalInt.empty(),
                        Map.of()));
    }

    // ---- time frames ----

    @Test
    void the_same_frame_changes_nothing() {
        assertEquals(List.of(), StatusEvents.frameChanges(frameAt("2026-11-18T20:00"), frameAt("2026-11-18T23:00"),
                ny("2026-11-18T23:00")));
    }

    @Test
    void the_close_changes_the_phase_but_not_the_mode_or_budget() {
        Instant at = ny("2026-11-18T16:00");
        List<StatusUpdate> changes = StatusEvents.frameChanges(frameAt("2026-11-18T15:59"),
                frameAt("2026-11-18T16:00"), at);
        assertEquals(List.of("phase_changed"), types(changes));
        assertEquals(Map.of("phase", "post_market", "previous_phase", "market_hours",
                "phase_start", at.toString(), "phase_end", ny("2026-11-18T18:00").toString()),
                changes.get(0).details());
        assertEquals(at, changes.get(0).at());
    }

    @Test
    void research_start_changes_phase_mode_and_budget_to_an_overnight_window_of_14_hours() {
        Instant at = ny("2026-11-18T18:00");
        List<StatusUpdate> changes = StatusEvents.frameChanges(frameAt("2026-11-18T17:59"),
                frameAt("2026-11-18T18:00"), at);
        assertEquals(List.of("phase_changed", "mode_changed", "budget_changed"), types(changes));
        assertEquals("overnight", changes.get(0).details().get("phase"));
        assertEquals(Map.of("mode", "research", "previous_mode", "trading"), changes.get(1).details());
        assertEquals(Map.of("budget_type", "overnight", "previous_budget_type", "none",
                "window_start", at.toString(), "window_end", ny("2026-11-19T08:00").toString(),
                "budget", "PT14H"), changes.get(2).details());
    }

    @Test
    void friday_evening_opens_a_weekend_budget_until_monday_08_00() {
        List<StatusUpdate> changes = StatusEvents.frameChanges(frameAt("2026-11-20T17:00"),
                frameAt("2026-11-20T18:30"), ny("2026-11-20T18:30"));
        StatusUpdate budget = changes.get(2);
        assertEquals("budget_changed", budget.type());
        assertEquals("weekend", budget.details().get("budget_type"));
        assertEquals("PT62H", budget.details().get("budget"));
        assertEquals(ny("2026-11-23T08:00").toString(), budget.details().get("window_end"));
        assertEquals("weekend", changes.get(0).details().get("phase"));
    }

    @Test
    void the_evening_before_thanksgiving_opens_a_holiday_budget() {
        List<StatusUpdate> changes = StatusEvents.frameChanges(frameAt("2026-11-25T17:00"),
                frameAt("2026-11-25T18:00"), ny("2026-11-25T18:00"));
        StatusUpdate budget = changes.get(2);
        assertEquals("holiday", budget.details().get("budget_type"));
        assertEquals(ny("2026-11-27T08:00").toString(), budget.details().get("window_end"));
        assertEquals("PT38H", budget.details().get("budget"));
    }

    @Test
    void research_end_moves_to_prep_and_closes_the_budget() {
        List<StatusUpdate> changes = StatusEvents.frameChanges(frameAt("2026-11-19T07:59"),
                frameAt("2026-11-19T08:00"), ny("2026-11-19T08:00"));
        assertEquals(List.of("phase_changed", "mode_changed", "budget_changed"), types(changes));
        assertEquals(Map.of("mode", "prep", "previous_mode", "research"), changes.get(1).details());
        assertEquals(Map.of("budget_type", "none", "previous_budget_type", "overnight"), changes.get(2).details());
    }

    @Test
    void a_plan_skipping_from_one_overnight_window_to_the_next_announces_the_new_window() {
        TimeFrame wednesdayNight = frameAt("2026-11-18T23:00");
        TimeFrame thursdayNight = frameAt("2026-11-19T23:00");
        List<StatusUpdate> changes = StatusEvents.frameChanges(wednesdayNight, thursdayNight,
                ny("2026-11-19T23:00"));
        assertEquals(List.of("phase_changed", "budget_changed"), types(changes));
        assertEquals("overnight", changes.get(0).details().get("previous_phase"));
        assertEquals(ny("2026-11-20T08:00").toString(), changes.get(1).details().get("window_end"));
    }

    @Test
    void the_first_frame_announces_phase_mode_and_budget_without_previous_values() {
        Instant at = ny("2026-11-18T10:00");
        List<StatusUpdate> changes = StatusEvents.frameChanges(Optional.empty(), frameAt("2026-11-18T10:00"), at);
        assertEquals(List.of("phase_changed", "mode_changed", "budget_changed"), types(changes));
        assertEquals("market_hours", changes.get(0).details().get("phase"));
        assertFalse(changes.get(0).details().containsKey("previous_phase"));
        assertEquals(Map.of("mode", "trading"), changes.get(1).details());
        assertEquals(Map.of("budget_type", "none"), changes.get(2).details());
    }
}
