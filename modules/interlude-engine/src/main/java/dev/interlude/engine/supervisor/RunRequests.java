package dev.interlude.engine.supervisor;

import dev.interlude.engine.CborSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

/**
 * The supervisor's intake of operators' run requests ({@link Supervisor.RequestRun}, from the API, the CLI or a
 * program): the supervisor passes each request here as it arrives, and the intake hands them back in batches
 * ({@link Supervisor.RequestsGathered}, at most {@code maxBatch}), the next only once the supervisor says the
 * previous one is journaled. So a thousand clients asking at once cost a few journal writes, not a thousand, and
 * every request is still acknowledged only once its {@code RunQueued} is written.
 *
 * <p>When the supervisor recovers after a journal failure ({@link Recovered}), the batch in flight may or may not
 * have been written: its callers are told so (a request carries no key that would make asking twice safe, so the
 * intake does not ask again for them), and the requests queued behind it go on.
 *
 * <p>A child of the supervisor; it survives the supervisor's restarts, and dies with it otherwise.
 */
public final class RunRequests {

    /** What the intake receives: requests, and the supervisor's acknowledgements. */
    public sealed interface Command extends CborSerializable permits Request, Journaled, Recovered {
    }

    /** A request the supervisor received. */
    public record Request(Supervisor.RequestRun request) implements Command {
    }

    /** From the supervisor: batch {@code batch} is journaled (and answered); the next may come. */
    public record Journaled(long batch) implements Command {
    }

    /** From the supervisor: it has recovered its state; the batch in flight, if any, was not acknowledged. */
    public enum Recovered implements Command {
        INSTANCE
    }

    /** The largest batch of requests journaled in one write. */
    public static final int MAX_BATCH = 1_000;

    /** What callers whose request was in a write that failed are told. */
    static final String NOT_ACKNOWLEDGED = "the journal write of this request failed and it may or may not be "
            + "queued: look at the queue before asking again";

    public static Behavior<Command> create(ActorRef<Supervisor.Command> supervisor, int maxBatch) {
        return Behaviors.setup(context -> new Intake(context, supervisor, maxBatch));
    }

    private RunRequests() {
    }

    private static final class Intake extends AbstractBehavior<Command> {

        private final Batching<Supervisor.RequestRun> batches;

        Intake(ActorContext<Command> context, ActorRef<Supervisor.Command> supervisor, int maxBatch) {
            super(context);
            this.batches = new Batching<>(maxBatch, (batch, requests) -> supervisor.tell(
                    new Supervisor.RequestsGathered(batch, requests, context.getSelf())));
        }

        @Override
        public Receive<Command> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Request.class, this::onRequest)
                    .onMessage(Journaled.class, this::onJournaled)
                    .onMessage(Recovered.class, r -> onRecovered())
                    .build();
        }

        private Behavior<Command> onRequest(Request request) {
            batches.add(request.request());
            return this;
        }

        private Behavior<Command> onJournaled(Journaled journaled) {
            batches.acknowledged(journaled.batch());
            return this;
        }

        private Behavior<Command> onRecovered() {
            List<Supervisor.RequestRun> unacknowledged = batches.giveUpInFlight();
            if (!unacknowledged.isEmpty()) {
                getContext().getLog().warn("{} run request(s) were in a journal write that failed; their callers "
                        + "are told they may or may not be queued", unacknowledged.size());
                unacknowledged.forEach(r -> r.replyTo().tell(StatusReply.error(NOT_ACKNOWLEDGED)));
            }
            batches.sendIfIdle();
            return this;
        }
    }
}
