package dev.interlude.engine.status;

import dev.interlude.core.window.PhaseSpan;
import dev.interlude.core.window.ResearchWindow;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Pure translations into status updates: from the supervisor's journaled events ({@link #of(SupervisorEvent)}), and
 * from two successive time frames ({@link #frameChanges(TimeFrame, TimeFrame, Instant)}).
 *
 * <p>What each update carries (besides {@code at} and {@code type}; instants and durations in ISO-8601):
 * <table>
 *   <caption>details by type</caption>
 *   <tr><th>type</th><th>task / run / attempt</th><th>details</th></tr>
 *   <tr><td>run_queued</td><td>task</td><td>request_id, requested_by, parameter_names (comma-separated, never the
 *       values; only when there are parameters)</td></tr>
 *   <tr><td>run_started</td><td>task, run, attempt</td><td>cause (trigger|request|retry), category, memory_mb,
 *       estimate, request_id (if any), parameter_names</td></tr>
 *   <tr><td>run_succeeded</td><td>task, run, attempt</td><td>none (the result is the handler's output: not
 *       published)</td></tr>
 *   <tr><td>run_failed</td><td>task, run, attempt</td><td>reason</td></tr>
 *   <tr><td>retry_scheduled</td><td>task, run, next attempt</td><td>not_before</td></tr>
 *   <tr><td>run_abandoned</td><td>task, run, attempts made</td><td>reason</td></tr>
 *   <tr><td>run_interrupted</td><td>task, run, attempt</td><td>none</td></tr>
 *   <tr><td>approval_requested</td><td>task</td><td>reason, expires_at</td></tr>
 *   <tr><td>approval_granted, approval_denied</td><td>task</td><td>by, expires_at</td></tr>
 *   <tr><td>dispatch_stopped</td><td></td><td>by, reason, cancel_running</td></tr>
 *   <tr><td>dispatch_resumed</td><td></td><td>by</td></tr>
 *   <tr><td>task_defined, task_removed</td><td>task</td><td>by (never the definition: it may hold handler
 *       secrets)</td></tr>
 *   <tr><td>task_enabled_changed</td><td>task</td><td>by, enabled (true or false)</td></tr>
 *   <tr><td>phase_changed</td><td></td><td>phase, phase_start, phase_end, previous_phase (if known)</td></tr>
 *   <tr><td>mode_changed</td><td></td><td>mode, previous_mode (if known)</td></tr>
 *   <tr><td>budget_changed</td><td></td><td>budget_type (a budget type, or none outside research windows), and in a
 *       window window_start, window_end, budget (its length); previous_budget_type (if known)</td></tr>
 *   <tr><td>alert</td><td>task</td><td>see {@link MemoryAlerts}</td></tr>
 * </table>
 * Reasons are operator sentences, passed through {@link #safeReason(String)}: one line, bounded, with URL
 * credentials, query strings and {@code password=}/{@code token=}-style values masked.
 */
public final class StatusEvents {

    /** The longest reason published; longer ones are cut. */
    public static final int MAX_REASON_CHARS = 240;

    /** The {@code budget_type} outside research windows. */
    public static final String NO_BUDGET = "none";

    private static final Pattern URL_USERINFO = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s@]+@");
    private static final Pattern URL_QUERY = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s?#]*)[?#][^\\s]*");
    private static final Pattern BEARER = Pattern.compile(
            "\\b((?i:bearer)|Basic(?=\\s+[A-Za-z0-9+/]{12,}))\\s+[^\\s,;]+");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|authorization|credentials?)"
                    + "\\s*[=:]\\s*)(?:(?:bearer|basic)\\s+)?[^\\s,;&]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private StatusEvents() {
    }

    /** The status update a journaled supervisor event makes (numbered later by the hub). */
    public static StatusUpdate of(SupervisorEvent event) {
        Objects.requireNonNull(event, "event");
        if (event instanceof RunQueued e) {
            Map<String, String> details = details(
                    "request_id", e.requestId(),
                    "requested_by", e.requestedBy());
            putNames(details, e.parameters());
            return StatusUpdate.ofTask(e.at(), StatusType.RUN_QUEUED, e.task(), details);
        }
        if (event instanceof RunStarted e) {
            Map<String, String> details = details(
                    "cause", e.cause().name().toLowerCase(Locale.ROOT),
                    "category", e.category(),
                    "memory_mb", Integer.toString(e.memoryMb()),
                    "estimate", e.estimate().toString());
            putNames(details, e.parameters());
            e.requestId().ifPresent(id -> details.put("request_id", id));
            return StatusUpdate.ofRun(e.at(), StatusType.RUN_STARTED, e.task(), e.runId(), e.attempt(), details);
        }
        if (event instanceof RunSucceeded e) {
            return StatusUpdate.ofRun(e.at(), StatusType.RUN_SUCCEEDED, e.task(), e.runId(), e.attempt(), Map.of());
        }
        if (event instanceof RunFailed e) {
            return StatusUpdate.ofRun(e.at(), StatusType.RUN_FAILED, e.task(), e.runId(), e.attempt(),
                    details("reason", safeReason(e.error())));
        }
        if (event instanceof RetryScheduled e) {
            return StatusUpdate.ofRun(e.at(), StatusType.RETRY_SCHEDULED, e.task(), e.runId(), e.nextAttempt(),
                    details("not_before", e.notBefore().toString()));
        }
        if (event instanceof RunAbandoned e) {
            return StatusUpdate.ofRun(e.at(), StatusType.RUN_ABANDONED, e.task(), e.runId(), e.attempts(),
                    details("reason", safeReason(e.error())));
        }
        if (event instanceof RunInterrupted e) {
            return StatusUpdate.ofRun(e.at(), StatusType.RUN_INTERRUPTED, e.task(), e.runId(), e.attempt(),
                    Map.of());
        }
        if (event instanceof ApprovalRequested e) {
            return StatusUpdate.ofTask(e.at(), StatusType.APPROVAL_REQUESTED, e.task(), details(
                    "reason", safeReason(e.reason()),
                    "expires_at", e.expiresAt().toString()));
        }
        if (event instanceof ApprovalGranted e) {
            return StatusUpdate.ofTask(e.at(), StatusType.APPROVAL_GRANTED, e.task(), details(
                    "by", e.by(),
                    "expires_at", e.expiresAt().toString()));
        }
        if (event instanceof ApprovalDenied e) {
            return StatusUpdate.ofTask(e.at(), StatusType.APPROVAL_DENIED, e.task(), details(
                    "by", e.by(),
                    "expires_at", e.expiresAt().toString()));
        }
        if (event instanceof DispatchStopped e) {
            return StatusUpdate.of(e.at(), StatusType.DISPATCH_STOPPED, details(
                    "by", e.by(),
                    "reason", safeReason(e.reason()),
                    "cancel_running", Boolean.toString(e.cancelRunning())));
        }
        if (event instanceof DispatchResumed e) {
            return StatusUpdate.of(e.at(), StatusType.DISPATCH_RESUMED, details("by", e.by()));
        }
        if (event instanceof TaskDefined e) {
            return StatusUpdate.ofTask(e.at(), StatusType.TASK_DEFINED, e.task(), details("by", e.by()));
        }
        if (event instanceof TaskRemoved e) {
            return StatusUpdate.ofTask(e.at(), StatusType.TASK_REMOVED, e.task(), details("by", e.by()));
        }
        if (event instanceof TaskEnabledChanged e) {
            return StatusUpdate.ofTask(e.at(), StatusType.TASK_ENABLED_CHANGED, e.task(), details(
                    "by", e.by(),
                    "enabled", Boolean.toString(e.enabled())));
        }
        throw new IllegalArgumentException("no status update for " + event.getClass().getName());
    }

    /**
     * What changed between the frame of the previous plan and this one, in this order: {@code phase_changed} (a new
     * phase, or the same phase over new instants), {@code mode_changed} (PREP, TRADING, RESEARCH), {@code
     * budget_changed} (a research window began or ended, or another one took its place). Empty when nothing changed.
     */
    public static List<StatusUpdate> frameChanges(TimeFrame previous, TimeFrame current, Instant at) {
        return frameChanges(Optional.of(Objects.requireNonNull(previous, "previous")), current, at);
    }

    /**
     * As {@link #frameChanges(TimeFrame, TimeFrame, Instant)}; with no previous frame (the supervisor's first plan
     * after it starts), the current phase, mode and budget are all announced, without {@code previous_*} details,
     * so every subscriber knows where the market stands after a restart.
     */
    public static List<StatusUpdate> frameChanges(Optional<TimeFrame> previous, TimeFrame current, Instant at) {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(at, "at");
        List<StatusUpdate> changes = new ArrayList<>(3);
        PhaseSpan phase = current.phase();
        Optional<PhaseSpan> previousPhase = previous.map(TimeFrame::phase);
        if (previousPhase.map(p -> !samePhase(p, phase)).orElse(true)) {
            Map<String, String> details = details(
                    "phase", id(phase.phase()),
                    "phase_start", phase.start().toInstant().toString(),
                    "phase_end", phase.end().toInstant().toString());
            previousPhase.ifPresent(p -> details.put("previous_phase", id(p.phase())));
            changes.add(StatusUpdate.of(at, StatusType.PHASE_CHANGED, details));
        }
        if (previousPhase.map(p -> p.mode() != phase.mode()).orElse(true)) {
            Map<String, String> details = details("mode", id(phase.mode()));
            previousPhase.ifPresent(p -> details.put("previous_mode", id(p.mode())));
            changes.add(StatusUpdate.of(at, StatusType.MODE_CHANGED, details));
        }
        Optional<ResearchWindow> window = current.researchWindow();
        Optional<Optional<ResearchWindow>> previousWindow = previous.map(TimeFrame::researchWindow);
        if (previousWindow.map(w -> !sameWindow(w, window)).orElse(true)) {
            Map<String, String> details = details("budget_type", budgetType(window));
            window.ifPresent(w -> {
                details.put("window_start", w.start().toInstant().toString());
                details.put("window_end", w.end().toInstant().toString());
                details.put("budget", w.length().toString());
            });
            previousWindow.ifPresent(w -> details.put("previous_budget_type", budgetType(w)));
            changes.add(StatusUpdate.of(at, StatusType.BUDGET_CHANGED, details));
        }
        return List.copyOf(changes);
    }

    /**
     * An operator sentence made safe to publish: one line, at most {@value #MAX_REASON_CHARS} characters, with the
     * credentials and query strings of URLs, bearer/basic credentials and {@code password=}, {@code token:},
     * {@code api_key=}-style values replaced by {@code ***}.
     */
    public static String safeReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "";
        }
        String safe = URL_USERINFO.matcher(reason).replaceAll("$1***@");
        safe = URL_QUERY.matcher(safe).replaceAll("$1?***");
        safe = KEY_VALUE.matcher(safe).replaceAll("$1***");
        safe = BEARER.matcher(safe).replaceAll("$1 ***");
        safe = WHITESPACE.matcher(safe).replaceAll(" ").strip();
        if (safe.length() > MAX_REASON_CHARS) {
            safe = safe.substring(0, MAX_REASON_CHARS - 1) + "…";
        }
        return safe;
    }

    private static boolean samePhase(PhaseSpan a, PhaseSpan b) {
        return a.phase() == b.phase() && a.start().toInstant().equals(b.start().toInstant())
                && a.end().toInstant().equals(b.end().toInstant());
    }

    private static boolean sameWindow(Optional<ResearchWindow> a, Optional<ResearchWindow> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        ResearchWindow x = a.get();
        ResearchWindow y = b.get();
        return x.budgetType() == y.budgetType() && x.start().toInstant().equals(y.start().toInstant())
                && x.end().toInstant().equals(y.end().toInstant());
    }

    private static String budgetType(Optional<ResearchWindow> window) {
        return window.map(w -> w.budgetType().id()).orElse(NO_BUDGET);
    }

    private static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The parameters' names, comma-separated and sorted, when there are any; never their values. */
    private static void putNames(Map<String, String> details, Map<String, String> parameters) {
        if (!parameters.isEmpty()) {
            details.put("parameter_names", String.join(",", new TreeSet<>(parameters.keySet())));
        }
    }

    /** A mutable map of the given key-value pairs (callers add optional ones), turned immutable by StatusUpdate. */
    private static Map<String, String> details(String... keyValues) {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            details.put(keyValues[i], keyValues[i + 1]);
        }
        return details;
    }
}
