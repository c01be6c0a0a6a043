package dev.interlude.engine.status;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a status event tells. The wire form ({@link #id()}, the {@code type} of a {@link StatusEvent}) is the
 * snake_case name: {@code run_started}, {@code phase_changed}, {@code alert}.
 */
public enum StatusType {
    RUN_QUEUED,
    RUN_STARTED,
    RUN_SUCCEEDED,
    RUN_FAILED,
    RETRY_SCHEDULED,
    RUN_ABANDONED,
    RUN_INTERRUPTED,
    APPROVAL_REQUESTED,
    APPROVAL_GRANTED,
    APPROVAL_DENIED,
    DISPATCH_STOPPED,
    DISPATCH_RESUMED,
    TASK_DEFINED,
    TASK_REMOVED,
    TASK_ENABLED_CHANGED,
    PHASE_CHANGED,
    MODE_CHANGED,
    BUDGET_CHANGED,
    ALERT,
    /** The node's health verdict changed (published by the node's health watch, not journaled). */
    HEALTH_CHANGED;

    /** Every type by its wire name: the status feed looks a type up for every event it sends. */
    private static final Map<String, StatusType> BY_ID = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(StatusType::id, Function.identity()));

    /** The snake_case name used on the wire (SSE {@code event:} field, JSON {@code type}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type with this wire name, if it is one this version knows. */
    public static Optional<StatusType> ofId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }
}
