package dev.interlude.engine.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.plan.Blocked;
import dev.interlude.core.plan.Plan;
import dev.interlude.core.plan.Start;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorEvent.RunQueued;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunSucceeded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's side of the feed, wired the way the supervisor is asked to wire it: {@code planned} before
 * persisting with the journal's last sequence number, {@code persisted} in {@code thenRun} with the sequence number
 * of the last event persisted. A small event-sourced actor stands in for the supervisor, on the in-memory journal.
 */
class StatusFeedTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("status-feed-test",
                EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** Plan (optionally), then persist some events: one decision of a supervisor. */
    record Decide(Optional<Plan> plan, List<SupervisorEvent> events) {
    }

    /** A stand-in for the supervisor: its state is the number of events it journaled. */
    static final class Journaling extends EventSourcedBehavior<Decide, SupervisorEvent, Integer> {

        static Behavior<Decide> create(PersistenceId id, ActorRef<StatusHub.Command> hub, StatusSettings settings) {
            return Behaviors.setup(context -> new Journaling(id, context, StatusFeed.to(hub, settings)));
        }

        private final ActorContext<Decide> context;
        private final StatusFeed feed;

        private Journaling(PersistenceId id, ActorContext<Decide> context, StatusFeed feed) {
            super(id);
            this.context = context;
            this.feed = feed;
        }

        @Override
        public Integer emptyState() {
            return 0;
        }

        @Override
        public CommandHandler<Decide, SupervisorEvent, Integer> commandHandler() {
            return newCommandHandlerBuilder().forAnyState().onCommand(Decide.class, (state, decide) -> {
                decide.plan().ifPresent(plan -> feed.planned(plan, lastSequenceNumber(context)));
                return Effect().persist(decide.events())
                        .thenRun(s -> feed.persisted(decide.events(), lastSequenceNumber(context)));
            }).build();
        }

        @Override
        public EventHandler<Integer, SupervisorEvent> eventHandler() {
            return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> state + 1);
        }
    }

    private static Plan plan(String nyTime, BlockReason... reasons) {
        Instant at = Frames.ny(nyTime);
        List<Blocked> blocked = java.util.Arrays.stream(reasons)
                .map(r -> new Blocked("train_model", r, "needs 4096 MB", Optional.empty()))
                .collect(Collectors.toList());
        return new Plan(at, Frames.WINDOWS.frameAt(at), List.of(), blocked, at.plusSeconds(30));
    }

    private static RunStarted started(String runId, Instant at) {
        return new RunStarted(runId, "backup", 1, Start.Cause.TRIGGER, Optional.empty(), Map.of(), "maintenance",
                512, Duration.ofMinutes(10), at);
    }

    private static List<String> describe(List<StatusEvent> events) {
        return events.stream().map(e -> e.sequence() + " " + e.type()).collect(Collectors.toList());
    }

    @Test
    void a_supervisor_wired_as_asked_publishes_its_journal_and_its_frames_in_one_increasing_order() {
        ActorRef<StatusHub.Command> hub = testKit.spawn(StatusHub.create(new StatusSettings(100, 2),
                testKit.spawn(Topic.create(StatusEvent.class, "status-" + UUID.randomUUID()))));
        TestProbe<StatusEvent> subscriber = testKit.createTestProbe();
        hub.tell(new StatusHub.Subscribe(subscriber.ref(), Optional.empty()));
        PersistenceId id = PersistenceId.ofUniqueId("journaling-" + UUID.randomUUID());
        ActorRef<Decide> supervisor = testKit.spawn(Journaling.create(id, hub, new StatusSettings(100, 2)));

        Instant evening = Frames.ny("2026-11-18T20:00");
        supervisor.tell(new Decide(Optional.of(plan("2026-11-18T20:00", BlockReason.NOT_ENOUGH_MEMORY)),
                List.of(started("backup-1", evening))));
        assertEquals(List.of("1 phase_changed", "2 mode_changed", "3 budget_changed", "1000 run_started"),
                describe(subscriber.receiveSeveralMessages(4)));

        supervisor.tell(new Decide(Optional.of(plan("2026-11-18T20:01", BlockReason.NOT_ENOUGH_MEMORY)),
                List.of(new RunSucceeded("backup-1", "backup", 1, "ok", evening),
                        new RunQueued("req-1", "send_alerts", Map.of(), "backup backup-1", evening))));
        assertEquals(List.of("1001 alert", "2000 run_succeeded", "3000 run_queued"),
                describe(subscriber.receiveSeveralMessages(3)));

        supervisor.tell(new Decide(Optional.of(plan("2026-11-19T08:00")), List.of()));
        assertEquals(List.of("3001 phase_changed", "3002 mode_changed", "3003 budget_changed"),
                describe(subscriber.receiveSeveralMessages(3)));

        // a new incarnation of the supervisor (a restart, or a move) goes on from its journal
        testKit.stop(supervisor);
        ActorRef<Decide> restarted = testKit.spawn(Journaling.create(id, hub, new StatusSettings(100, 2)));
        restarted.tell(new Decide(Optional.of(plan("2026-11-19T08:01")),
                List.of(started("backup-2", Frames.ny("2026-11-19T08:01")))));
        assertEquals(List.of("3004 phase_changed", "3005 mode_changed", "3006 budget_changed", "4000 run_started"),
                describe(subscriber.receiveSeveralMessages(4)));
    }

    @Test
    void a_feed_to_nowhere_publishes_nothing_and_keeps_no_one_waiting() {
        StatusFeed feed = StatusFeed.none();
        feed.planned(plan("2026-11-18T20:00", BlockReason.NOT_ENOUGH_MEMORY), 0);
        feed.persisted(started("backup-1", Frames.ny("2026-11-18T20:00")), 1);
    }

    @Test
    void persisted_events_are_numbered_back_from_the_last_sequence_number() {
        TestProbe<StatusHub.Command> hub = testKit.createTestProbe();
        StatusFeed feed = StatusFeed.to(hub.ref(), new StatusSettings(10, 5));
        Instant at = Frames.ny("2026-11-18T20:00");
        feed.persisted(List.of(started("a", at), started("b", at), started("c", at)), 12);
        List<Long> numbers = hub.receiveSeveralMessages(3).stream()
                .map(c -> ((StatusHub.Publish) c).sequenceNr()).collect(Collectors.toList());
        assertEquals(List.of(10L, 11L, 12L), numbers);
    }
}
