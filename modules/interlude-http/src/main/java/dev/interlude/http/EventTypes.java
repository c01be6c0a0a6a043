package dev.interlude.http;

import dev.interlude.engine.status.StatusType;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * The names of the status feed's events (the SSE {@code event:} field), one per {@link StatusType}:
 * <table>
 *   <caption>status types and their events</caption>
 *   <tr><th>status type</th><th>event</th></tr>
 *   <tr><td>run_queued, run_started, run_succeeded, run_failed, run_abandoned</td>
 *       <td>run.queued, run.started, run.succeeded, run.failed, run.abandoned</td></tr>
 *   <tr><td>retry_scheduled</td><td>run.retrying</td></tr>
 *   <tr><td>run_interrupted (in flight when its node stopped; it runs again under its retry policy)</td>
 *       <td>run.interrupted</td></tr>
 *   <tr><td>approval_requested</td><td>run.awaiting_approval</td></tr>
 *   <tr><td>approval_granted, approval_denied</td><td>run.approved, run.denied</td></tr>
 *   <tr><td>dispatch_stopped, dispatch_resumed</td><td>dispatch.stopped, dispatch.resumed</td></tr>
 *   <tr><td>phase_changed</td><td>window.changed</td></tr>
 *   <tr><td>mode_changed</td><td>mode.changed</td></tr>
 *   <tr><td>budget_changed</td><td>budget.updated</td></tr>
 *   <tr><td>alert</td><td>alert</td></tr>
 *   <tr><td>health_changed (the node's health verdict, from its health watch)</td><td>health.changed</td></tr>
 *   <tr><td>task_defined, task_removed, task_enabled_changed</td><td>task.defined, task.removed, task.enabled_changed</td></tr>
 * </table>
 * A status type this version does not know (published by a newer node) goes out under its own snake_case name. The
 * feed's last event, when the node ends a stream, is {@value #DISCONNECTED}; it cannot be filtered out.
 */
public final class EventTypes {

    /** The event that ends a stream the node closes, its data saying why. */
    public static final String DISCONNECTED = "disconnected";

    /** The node's health verdict changed. */
    public static final String HEALTH_CHANGED = "health.changed";

    /** Every event name a client may ask for with {@code ?types=}, sorted. */
    public static final List<String> NAMES = List.copyOf(Arrays.stream(StatusType.values()).map(EventTypes::name)
            .collect(Collectors.toCollection(TreeSet::new)));

    private EventTypes() {
    }

    public static String name(StatusType type) {
        return switch (type) {
            case RUN_QUEUED -> "run.queued";
            case RUN_STARTED -> "run.started";
            case RUN_SUCCEEDED -> "run.succeeded";
            case RUN_FAILED -> "run.failed";
            case RETRY_SCHEDULED -> "run.retrying";
            case RUN_ABANDONED -> "run.abandoned";
            case RUN_INTERRUPTED -> "run.interrupted";
            case APPROVAL_REQUESTED -> "run.awaiting_approval";
            case APPROVAL_GRANTED -> "run.approved";
            case APPROVAL_DENIED -> "run.denied";
            case DISPATCH_STOPPED -> "dispatch.stopped";
            case DISPATCH_RESUMED -> "dispatch.resumed";
            case PHASE_CHANGED -> "window.changed";
            case MODE_CHANGED -> "mode.changed";
            case BUDGET_CHANGED -> "budget.updated";
            case ALERT -> "alert";
            case TASK_DEFINED -> "task.defined";
            case TASK_REMOVED -> "task.removed";
            case TASK_ENABLED_CHANGED -> "task.enabled_changed";
            case HEALTH_CHANGED -> HEALTH_CHANGED;
        };
    }

    /** The event name of the status type with this wire name ({@link StatusType#id()}). */
    public static String name(String statusType) {
        return StatusType.ofId(statusType).map(EventTypes::name).orElse(statusType);
    }

    /**
     * The event names a {@code ?types=} parameter asks for (comma-separated); empty (every event) when it is absent.
     *
     * @throws Api.Refused 400 naming the unknown names and listing the valid ones, or for an empty name
     */
    public static Optional<Set<String>> parse(Optional<String> types) {
        if (types.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = Arrays.stream(types.get().split(",", -1)).map(String::strip).toList();
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new Api.Refused(StatusCodes.BAD_REQUEST, "query parameter \"types\": expected event types "
                    + "separated by commas, with none empty, got \"" + types.get() + "\"");
        }
        Set<String> asked = new LinkedHashSet<>(names);
        List<String> unknown = asked.stream().filter(t -> !NAMES.contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw new Api.Refused(StatusCodes.BAD_REQUEST, (unknown.size() == 1 ? "unknown event type " : "unknown "
                    + "event types ") + unknown.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", "))
                    + " in types; the event types are " + String.join(", ", NAMES));
        }
        return Optional.of(Set.copyOf(asked));
    }
}
