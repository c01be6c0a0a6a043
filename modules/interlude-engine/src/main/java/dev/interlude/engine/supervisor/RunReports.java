package dev.interlude.engine.supervisor;

import dev.interlude.engine.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The runners' outbox: every report of a run (succeeded, an attempt failed) goes here, never straight to the
 * supervisor. The supervisor stashes what it receives while a journal write is in flight, and a burst of thousands
 * of runs ending together would overflow that stash and lose outcomes. The outbox instead keeps the reports in
 * arrival order and hands the supervisor one batch at a time ({@link Supervisor.ReportsGathered}, at most
 * {@code maxBatch} reports), sending the next batch only once the supervisor says the previous one is journaled. So
 * the supervisor's stash holds at most one batch, a burst costs one journal write per batch instead of one per
 * outcome, and no report is ever dropped.
 *
 * <p>When the supervisor recovers (at start, or after a journal failure restarted it), it says
 * {@link Recovered}: the batch in flight may or may not have been written, so the outbox sends it again with
 * everything queued behind it, marked as the first batch after recovery. The supervisor ignores reports of runs
 * that already ended, so sending a report twice records it once.
 *
 * <p>A child of the supervisor; it survives the supervisor's restarts (the supervisor does not stop its children
 * then), and dies with it otherwise.
 */
public final class RunReports {

    /** What the outbox receives: runners' reports, and the supervisor's acknowledgements. */
    public sealed interface Command extends CborSerializable permits Supervisor.RunReport, Journaled, Recovered {
    }

    /** From the supervisor: batch {@code batch} is journaled; the next may come. */
    public record Journaled(long batch) implements Command {
    }

    /** From the supervisor: it has recovered its state; whatever was in flight must be sent again. */
    public enum Recovered implements Command {
        INSTANCE
    }

    /** The largest batch: a burst of outcomes is journaled this many at a time. */
    public static final int MAX_BATCH = 1_000;

    public static Behavior<Command> create(ActorRef<Supervisor.Command> supervisor, int maxBatch) {
        return Behaviors.setup(context -> new Outbox(context, supervisor, maxBatch));
    }

    private RunReports() {
    }

    private static final class Outbox extends AbstractBehavior<Command> {

        private final Batching<Supervisor.RunReport> batches;
        /** Whether the batch being sent is the first after a recovery. */
        private boolean afterRecovery;

        Outbox(ActorContext<Command> context, ActorRef<Supervisor.Command> supervisor, int maxBatch) {
            super(context);
            this.batches = new Batching<>(maxBatch, (batch, reports) -> supervisor.tell(
                    new Supervisor.ReportsGathered(batch, reports, afterRecovery, context.getSelf())));
        }

        @Override
        public Receive<Command> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Supervisor.RunReport.class, this::onReport)
                    .onMessage(Journaled.class, this::onJournaled)
                    .onMessage(Recovered.class, r -> onRecovered())
                    .build();
        }

        private Behavior<Command> onReport(Supervisor.RunReport report) {
            batches.add(report);
            return this;
        }

        private Behavior<Command> onJournaled(Journaled journaled) {
            batches.acknowledged(journaled.batch());
            return this;
        }

        /**
         * Everything not acknowledged goes again, in one batch however large (it is bounded by the runs in flight):
         * the supervisor decides from it which runs in flight ended while it was down. The batch is sent even when
         * empty; the supervisor waits for it.
         */
        private Behavior<Command> onRecovered() {
            batches.requeueInFlight();
            afterRecovery = true;
            batches.sendAll();
            afterRecovery = false;
            return this;
        }
    }
}
