package dev.interlude.http.webhook;

import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a webhook can be told: the events an operator names in {@code interlude.webhooks[].events}, each made from
 * one type of the status feed. The names are a small, stable vocabulary of their own ({@code run.abandoned}), so the
 * status feed's types can grow without changing what receivers see.
 *
 * <p>{@link #HEALTH_DEGRADED} is made from the health watch's {@code health_changed} events whose verdict is
 * {@code degraded} or {@code unhealthy} (a return to {@code healthy} is not sent).
 */
public enum WebhookEvent {

    /** A run failed for good: its last attempt failed and its retry policy allows no other. */
    RUN_ABANDONED("run.abandoned", StatusType.RUN_ABANDONED),
    /** A task waits for an operator's approval before it may start. */
    RUN_AWAITING_APPROVAL("run.awaiting_approval", StatusType.APPROVAL_REQUESTED),
    /** An operator (or the stop file) stopped dispatch: nothing new starts. */
    DISPATCH_STOPPED("dispatch.stopped", StatusType.DISPATCH_STOPPED),
    /** Dispatch resumed after a stop. */
    DISPATCH_RESUMED("dispatch.resumed", StatusType.DISPATCH_RESUMED),
    /** The node's health verdict became degraded or unhealthy. */
    HEALTH_DEGRADED("health.degraded", StatusType.HEALTH_CHANGED);

    private final String id;
    private final StatusType source;

    WebhookEvent(String id, StatusType source) {
        this.id = id;
        this.source = source;
    }

    /** The name in configuration, in the payload's {@code type} and in the {@code X-Interlude-Event} header. */
    public String id() {
        return id;
    }

    /** The status type this event is made from. */
    public StatusType source() {
        return source;
    }

    /** Every event name, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(WebhookEvent::id).toList();
    }

    public static Optional<WebhookEvent> ofId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }

    /** The webhook event a status event is, if it is one. */
    public static Optional<WebhookEvent> of(StatusEvent event) {
        if (event.type().equals(StatusType.HEALTH_CHANGED.id())
                && "healthy".equals(event.details().get("status"))) {
            return Optional.empty();
        }
        return StatusType.ofId(event.type())
                .flatMap(type -> Arrays.stream(values()).filter(e -> e.source == type).findFirst());
    }
}
