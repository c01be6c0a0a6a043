package dev.interlude.hardware;

import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusType;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the board needs to know of the node, rebuilt from the status feed alone ({@link #apply(StatusEvent)}).
 *
 * <p>Before any event: no mode (no mode layer: trading and research off), healthy, dispatching, no alert. So a node
 * that just started shows only "system on" until its supervisor announces the mode with its first plan.
 *
 * @param mode     the last {@code mode_changed} mode ({@code trading}, {@code research}, {@code prep}), if any
 * @param health   the last {@code health_changed} status ({@code healthy}, {@code degraded}, {@code unhealthy})
 * @param stopped  whether dispatch is stopped ({@code dispatch_stopped} until {@code dispatch_resumed})
 * @param alerting whether the alert pattern is showing (after a {@code run_abandoned}, for the alert's duration)
 */
public record BoardStatus(Optional<String> mode, String health, boolean stopped, boolean alerting) {

    public static final String HEALTHY = "healthy";

    /** What the board shows before the feed says anything. */
    public static final BoardStatus INITIAL = new BoardStatus(Optional.empty(), HEALTHY, false, false);

    public BoardStatus {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(health, "health");
    }

    /** The status after {@code event}; events the board does not show leave it as it is. */
    public BoardStatus apply(StatusEvent event) {
        Optional<StatusType> type = StatusType.ofId(event.type());
        if (type.isEmpty()) {
            return this;
        }
        return switch (type.get()) {
            case MODE_CHANGED -> detail(event, "mode").map(m -> withMode(Optional.of(m))).orElse(this);
            case HEALTH_CHANGED -> detail(event, "status")
                    .map(h -> new BoardStatus(mode, h, stopped, alerting)).orElse(this);
            case DISPATCH_STOPPED -> new BoardStatus(mode, health, true, alerting);
            case DISPATCH_RESUMED -> new BoardStatus(mode, health, false, alerting);
            default -> this;
        };
    }

    public BoardStatus withAlerting(boolean alert) {
        return new BoardStatus(mode, health, stopped, alert);
    }

    private BoardStatus withMode(Optional<String> newMode) {
        return new BoardStatus(newMode, health, stopped, alerting);
    }

    private static Optional<String> detail(StatusEvent event, String key) {
        return Optional.ofNullable(event.details().get(key)).map(s -> s.toLowerCase(Locale.ROOT));
    }
}
