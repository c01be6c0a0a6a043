package dev.interlude.engine.status;

import dev.interlude.engine.CborSerializable;
import dev.interlude.engine.supervisor.SupervisorEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The status feed of one node (one hub per node): numbers what the supervisor publishes, shares it cluster-wide on
 * the {@value #TOPIC} topic, keeps the latest {@link StatusSettings#buffer()} events, and hands them to local
 * subscribers (server-sent-event streams, the LED board, webhooks).
 *
 * <h2>Numbering</h2>
 * The supervisor tells the hub of its own node {@link Publish} for each journaled event, with that event's journal
 * sequence number, and {@link PublishAfter} for what it notices without journaling (phase changes, alerts), with the
 * journal's last sequence number; the hub numbers them as {@link StatusSequence} describes. Every hub, this one
 * included, also receives everything through the topic, so each node's buffer holds the whole feed, and a hub that
 * takes over numbering after the supervisor moves continues from what it saw.
 *
 * <h2>What a subscriber receives</h2>
 * A hub accepts an event only if its sequence is above every sequence it accepted before (so the echo of its own
 * publication, a duplicate, or a late event from a previous supervisor are dropped, never re-ordered), and hands
 * each accepted event to every subscriber. So a subscriber receives increasing sequences, each once:
 * <ul>
 *   <li>{@code Subscribe(s, Optional.empty())}: the events accepted from now on;</li>
 *   <li>{@code Subscribe(s, Optional.of(n))} with {@code n} at most the highest sequence this hub has seen: first
 *       every buffered event after {@code n}, in order, then the events accepted from now on. Nothing after
 *       {@code n} is missed unless the buffer dropped it already ({@code n} older than the buffer's oldest event);
 *       {@code Optional.of(0L)} asks for the whole buffer;</li>
 *   <li>{@code Subscribe(s, Optional.of(n))} with {@code n} above anything this hub has seen (the client read
 *       {@code n} from another node's hub that the topic has not caught up with here yet, or from before every node
 *       restarted): this hub cannot place {@code n}, so it replays nothing and hands over every event it accepts from
 *       now on, including any numbered {@code n} or less: a possible duplicate rather than a possible miss.</li>
 * </ul>
 * A subscriber that stops is unsubscribed.
 *
 * <h2>Batches</h2>
 * A subscriber that fans events out further (each status-feed connection) may {@link SubscribeBatches} instead: it
 * receives the same events, in the same order, each once, as {@link Batch}es: every event the hub accepts reaches
 * it in the next batch, and the hub sends that batch as soon as it has handled the messages already waiting for it
 * (a burst of a plan's events travels as one batch or a few, a lone event alone), or, with a batch linger
 * ({@code interlude.status.batch-linger}), once it has gathered events for that long.
 * Each batch holds at most {@value #MAX_BATCH} events.
 */
public final class StatusHub extends AbstractBehavior<StatusHub.Command> {

    /** The cluster-wide topic every hub publishes to and listens on. */
    public static final String TOPIC = "interlude-status";

    public sealed interface Command extends CborSerializable {
    }

    /**
     * Publish the status update of a journaled event.
     *
     * @param sequenceNr the journal sequence number of the event it comes from
     */
    public record Publish(StatusUpdate update, long sequenceNr) implements Command {
        public Publish {
            Objects.requireNonNull(update, "update");
        }

        /** The update of a journaled supervisor event, with its journal sequence number. */
        public static Publish of(SupervisorEvent event, long sequenceNr) {
            return new Publish(StatusEvents.of(event), sequenceNr);
        }
    }

    /**
     * Publish an update the supervisor noticed without journaling anything (a phase change, an alert).
     *
     * @param lastSequenceNr the journal's last sequence number when it was noticed (0 when nothing was journaled)
     */
    public record PublishAfter(StatusUpdate update, long lastSequenceNr) implements Command {
        public PublishAfter {
            Objects.requireNonNull(update, "update");
        }
    }

    /**
     * Receive status events: those buffered after {@code after} (if given), then every new one; see the class
     * documentation. Subscribing again replaces the earlier subscription of the same subscriber.
     */
    public record Subscribe(ActorRef<StatusEvent> subscriber, Optional<Long> after) implements Command {
        public Subscribe {
            Objects.requireNonNull(subscriber, "subscriber");
            Objects.requireNonNull(after, "after");
        }
    }

    /**
     * Receive status events as {@link Batch}es: the same events, in the same order, as {@link Subscribe} with the
     * same {@code after} would hand over one by one. Subscribing again replaces the earlier subscription of the same
     * subscriber.
     */
    public record SubscribeBatches(ActorRef<Batch> subscriber, Optional<Long> after) implements Command {
        public SubscribeBatches {
            Objects.requireNonNull(subscriber, "subscriber");
            Objects.requireNonNull(after, "after");
        }
    }

    /** Status events in increasing sequence, at least one, at most {@value #MAX_BATCH}. */
    public record Batch(List<StatusEvent> events) implements CborSerializable {
        public Batch {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("a batch of status events holds at least one");
            }
        }
    }

    /** The most events one {@link Batch} holds. */
    public static final int MAX_BATCH = 256;

    /** Stop handing events to this subscriber (one by one or in batches). */
    public record Unsubscribe(ActorRef<?> subscriber) implements Command {
    }

    /** Ask for the buffered events, oldest first (for a page showing the recent feed, and for tests). */
    public record GetRecent(ActorRef<Recent> replyTo) implements Command {
    }

    /** The buffered events, oldest first, and the highest sequence this hub has accepted (0 before any). */
    public record Recent(List<StatusEvent> events, long highest) implements CborSerializable {
        public Recent {
            events = List.copyOf(events);
        }
    }

    /**
     * Ask how many subscribers this hub hands events to now (status-feed connections, the LED board, webhooks): a
     * closed connection must not stay among them.
     */
    public record GetSubscriberCount(ActorRef<SubscriberCount> replyTo) implements Command {
    }

    public record SubscriberCount(int count) implements CborSerializable {
    }

    private record FromTopic(StatusEvent event) implements Command {
    }

    private record SubscriberTerminated(ActorRef<?> subscriber) implements Command {
    }

    /** Hand the events accepted since the last batch to the batch subscribers. */
    private record Flush() implements Command {
    }

    /** A hub with its own topic actor for {@value #TOPIC} (one per node). */
    public static Behavior<Command> create(StatusSettings settings) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new StatusHub(context, timers, settings,
                context.spawn(Topic.create(StatusEvent.class, TOPIC), "topic"))));
    }

    /** A hub publishing to, and listening on, the given topic actor. */
    public static Behavior<Command> create(StatusSettings settings, ActorRef<Topic.Command<StatusEvent>> topic) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new StatusHub(context, timers, settings,
                topic)));
    }

    private final StatusSettings settings;
    private final TimerScheduler<Command> timers;
    private final ActorRef<Topic.Command<StatusEvent>> topic;
    private final ArrayDeque<StatusEvent> buffer;
    private final Set<ActorRef<StatusEvent>> subscribers = new LinkedHashSet<>();
    private final Set<ActorRef<Batch>> batchSubscribers = new LinkedHashSet<>();
    /** Accepted, not yet handed to the batch subscribers. */
    private final List<StatusEvent> pending = new ArrayList<>();
    private boolean flushing;
    private long highest;

    private StatusHub(ActorContext<Command> context, TimerScheduler<Command> timers, StatusSettings settings,
                      ActorRef<Topic.Command<StatusEvent>> topic) {
        super(context);
        this.timers = timers;
        this.settings = settings;
        this.topic = topic;
        this.buffer = new ArrayDeque<>(Math.min(settings.buffer(), 4096));
        topic.tell(Topic.subscribe(context.messageAdapter(StatusEvent.class, FromTopic::new)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Publish.class, this::onPublish)
                .onMessage(PublishAfter.class, this::onPublishAfter)
                .onMessage(FromTopic.class, this::onFromTopic)
                .onMessage(Subscribe.class, this::onSubscribe)
                .onMessage(SubscribeBatches.class, this::onSubscribeBatches)
                .onMessage(Flush.class, f -> {
                    flushing = false;
                    flush();
                    return this;
                })
                .onMessage(Unsubscribe.class, u -> unsubscribe(u.subscriber()))
                .onMessage(SubscriberTerminated.class, t -> unsubscribe(t.subscriber()))
                .onMessage(GetRecent.class, this::onGetRecent)
                .onMessage(GetSubscriberCount.class, this::onGetSubscriberCount)
                .build();
    }

    private Behavior<Command> onPublish(Publish publish) {
        long sequence = StatusSequence.ofJournaled(publish.sequenceNr());
        if (sequence <= highest) {
            getContext().getLog().warn("not publishing {} of journal event {}: this hub already published {}",
                    publish.update().type(), publish.sequenceNr(), highest);
            return this;
        }
        return publish(publish.update().withSequence(sequence));
    }

    private Behavior<Command> onPublishAfter(PublishAfter publish) {
        OptionalLong sequence = StatusSequence.afterJournal(publish.lastSequenceNr(), highest);
        if (sequence.isEmpty()) {
            getContext().getLog().warn("not publishing {}: {} status events already follow journal event {}",
                    publish.update().type(), StatusSequence.STRIDE - 1, publish.lastSequenceNr());
            return this;
        }
        return publish(publish.update().withSequence(sequence.getAsLong()));
    }

    private Behavior<Command> publish(StatusEvent event) {
        accept(event);
        topic.tell(Topic.publish(event));
        return this;
    }

    private Behavior<Command> onFromTopic(FromTopic received) {
        accept(received.event());
        return this;
    }

    /** Buffers the event and hands it to every subscriber, if it comes after everything accepted so far. */
    private void accept(StatusEvent event) {
        if (event.sequence() <= highest) {
            return; // our own publication echoed by the topic, a duplicate, or too late to keep the order
        }
        highest = event.sequence();
        buffer.addLast(event);
        while (buffer.size() > settings.buffer()) {
            buffer.removeFirst();
        }
        for (ActorRef<StatusEvent> subscriber : subscribers) {
            subscriber.tell(event);
        }
        if (!batchSubscribers.isEmpty()) {
            pending.add(event);
            if (pending.size() >= MAX_BATCH) {
                flush();
            } else if (!flushing) {
                flushing = true;
                if (settings.batchLinger().isZero()) {
                    // after the messages already in the mailbox: a burst becomes one batch
                    getContext().getSelf().tell(new Flush());
                } else {
                    // and what follows within the linger: a busy window's events travel a few at a time
                    timers.startSingleTimer(new Flush(), settings.batchLinger());
                }
            }
        }
    }

    /** Hands the pending events to every batch subscriber, as one batch. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Batch batch = new Batch(pending);
        pending.clear();
        for (ActorRef<Batch> subscriber : batchSubscribers) {
            subscriber.tell(batch);
        }
    }

    private Behavior<Command> onSubscribe(Subscribe subscribe) {
        ActorRef<StatusEvent> subscriber = subscribe.subscriber();
        if (subscribers.remove(subscriber)) {
            getContext().unwatch(subscriber);
        }
        subscribe.after().filter(after -> after <= highest).ifPresent(after -> {
            for (StatusEvent event : buffer) {
                if (event.sequence() > after) {
                    subscriber.tell(event);
                }
            }
        });
        subscribers.add(subscriber);
        getContext().watchWith(subscriber, new SubscriberTerminated(subscriber));
        return this;
    }

    private Behavior<Command> onSubscribeBatches(SubscribeBatches subscribe) {
        ActorRef<Batch> subscriber = subscribe.subscriber();
        if (batchSubscribers.remove(subscriber)) {
            getContext().unwatch(subscriber);
        }
        flush(); // what is pending now is in the buffer, and replayed below if it comes after `after`
        subscribe.after().filter(after -> after <= highest).ifPresent(after -> {
            List<StatusEvent> replay = new ArrayList<>(MAX_BATCH);
            for (StatusEvent event : buffer) {
                if (event.sequence() > after) {
                    replay.add(event);
                    if (replay.size() == MAX_BATCH) {
                        subscriber.tell(new Batch(replay));
                        replay.clear();
                    }
                }
            }
            if (!replay.isEmpty()) {
                subscriber.tell(new Batch(replay));
            }
        });
        batchSubscribers.add(subscriber);
        getContext().watchWith(subscriber, new SubscriberTerminated(subscriber));
        return this;
    }

    private Behavior<Command> unsubscribe(ActorRef<?> subscriber) {
        if (subscribers.remove(subscriber) | batchSubscribers.remove(subscriber)) {
            getContext().unwatch(subscriber);
        }
        return this;
    }

    private Behavior<Command> onGetRecent(GetRecent get) {
        get.replyTo().tell(new Recent(List.copyOf(buffer), highest));
        return this;
    }

    private Behavior<Command> onGetSubscriberCount(GetSubscriberCount get) {
        get.replyTo().tell(new SubscriberCount(subscribers.size() + batchSubscribers.size()));
        return this;
    }
}
