package dev.interlude.engine.status;

import dev.interlude.core.plan.Plan;
import dev.interlude.core.window.TimeFrame;
import dev.interlude.engine.supervisor.SupervisorEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The supervisor's side of the status feed: remembers the last time frame and the memory alert streaks between
 * plans, and tells the node's {@link StatusHub} what to publish. Two calls wire it in:
 * <pre>{@code
 * // in the command handler, for every plan, before persisting the plan's events:
 * feed.planned(plan, lastSequenceNumber(context));
 * // after every persist, in thenRun, with the events just persisted (in order):
 * feed.persisted(events, lastSequenceNumber(context));
 * }</pre>
 * Not thread-safe, by design: it lives inside the supervisor and is used on its thread only. Nothing here is
 * journaled: after a restart the first plan announces the current phase, mode and budget again, and memory streaks
 * start over.
 */
public final class StatusFeed {

    /**
     * Sees every plan and every journaled event as the supervisor makes them, on the supervisor's thread: how a
     * simulation records what the real supervisor decided and why a task waited.
     */
    public interface Observer {

        /** A plan was made at {@code plan.at()}. */
        void planned(Plan plan);

        /** {@code event} was journaled with sequence number {@code sequenceNr}. */
        void persisted(SupervisorEvent event, long sequenceNr);
    }

    private final Optional<ActorRef<StatusHub.Command>> hub;
    private final Optional<Observer> observer;
    private Optional<TimeFrame> lastFrame = Optional.empty();
    private MemoryAlerts memoryAlerts;

    private StatusFeed(Optional<ActorRef<StatusHub.Command>> hub, StatusSettings settings,
                       Optional<Observer> observer) {
        this.hub = hub;
        this.observer = observer;
        this.memoryAlerts = MemoryAlerts.create(settings.memoryAlertAfter());
    }

    /** A feed publishing to this node's hub. */
    public static StatusFeed to(ActorRef<StatusHub.Command> hub, StatusSettings settings) {
        return new StatusFeed(Optional.of(Objects.requireNonNull(hub, "hub")), settings, Optional.empty());
    }

    /** A feed that publishes nothing and tells {@code observer} every plan and event (simulations). */
    public static StatusFeed observedBy(Observer observer) {
        return new StatusFeed(Optional.empty(), new StatusSettings(1, Integer.MAX_VALUE),
                Optional.of(Objects.requireNonNull(observer, "observer")));
    }

    /** A feed that publishes nothing (tests of the supervisor alone, offline simulations). */
    public static StatusFeed none() {
        return new StatusFeed(Optional.empty(), new StatusSettings(1, Integer.MAX_VALUE), Optional.empty());
    }

    /**
     * A plan was made: publishes the frame's changes since the previous plan and the memory alerts it raises.
     *
     * @param lastSequenceNr the journal's last sequence number (before this plan's events are persisted)
     */
    public void planned(Plan plan, long lastSequenceNr) {
        observer.ifPresent(o -> o.planned(plan));
        List<StatusUpdate> changes = StatusEvents.frameChanges(lastFrame, plan.frame(), plan.at());
        lastFrame = Optional.of(plan.frame());
        MemoryAlerts.Step step = memoryAlerts.next(plan);
        memoryAlerts = step.tracker();
        hub.ifPresent(h -> {
            changes.forEach(change -> h.tell(new StatusHub.PublishAfter(change, lastSequenceNr)));
            step.alerts().forEach(alert -> h.tell(new StatusHub.PublishAfter(alert, lastSequenceNr)));
        });
    }

    /**
     * Events were persisted, in this order, the last one with journal sequence number {@code lastSequenceNr}
     * (so the first has {@code lastSequenceNr - events.size() + 1}): publishes each.
     */
    public void persisted(List<? extends SupervisorEvent> events, long lastSequenceNr) {
        long first = lastSequenceNr - events.size() + 1;
        if (first < 1) {
            throw new IllegalArgumentException(events.size() + " events cannot end at sequence number "
                    + lastSequenceNr);
        }
        observer.ifPresent(o -> {
            for (int i = 0; i < events.size(); i++) {
                o.persisted(events.get(i), first + i);
            }
        });
        hub.ifPresent(h -> {
            for (int i = 0; i < events.size(); i++) {
                h.tell(StatusHub.Publish.of(events.get(i), first + i));
            }
        });
    }

    /** One event was persisted with journal sequence number {@code sequenceNr}: publishes it. */
    public void persisted(SupervisorEvent event, long sequenceNr) {
        persisted(List.of(event), sequenceNr);
    }
}
