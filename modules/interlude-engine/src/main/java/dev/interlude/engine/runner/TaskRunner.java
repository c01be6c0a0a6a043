package dev.interlude.engine.runner;

import dev.interlude.core.Durations;
import dev.interlude.core.task.RetryPolicy;
import dev.interlude.engine.handler.Cancellation;
import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskHandler;
import dev.interlude.engine.handler.TaskResult;
import dev.interlude.engine.supervisor.RunOrder;
import dev.interlude.engine.supervisor.Supervisor;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs one run: each attempt in a child actor it watches. An attempt that fails stops its child with the failure;
 * the runner then applies the task's retry policy: it reports the failure with the instant of the next attempt
 * (backoff from the policy, with jitter drawn from a generator seeded by the run id, so a run's retries are
 * reproducible) and starts the next attempt then, or reports that it gave up. A successful attempt is reported and
 * the runner stops. Cancelling (an operator's stop) cancels the attempt in flight and allows no more.
 *
 * <p>A run decided ahead of its due instant (the supervisor's start lead) is handed over before it: its first
 * attempt is spawned at once and begins its handler at the order's {@code scheduledAt}.
 */
public final class TaskRunner extends AbstractBehavior<TaskRunner.Command> {

    public sealed interface Command {
    }

    /** Stop the run: cancel the attempt in flight, try no more. */
    public record Cancel(String reason) implements Command {
    }

    /** From an attempt: it succeeded. */
    record AttemptSucceeded(int attempt, TaskResult result) implements Command {
    }

    private record StartAttempt(int attempt) implements Command {
    }

    /** A runner whose first attempt, if the run was decided ahead of its due instant, {@code gate} begins then. */
    public static Behavior<Command> create(RunOrder order, TaskHandler handler, InstantSource clock,
                                           ActorRef<StartGate.Command> gate) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> Behaviors.withMdc(Command.class,
                Map.of("runId", order.runId(), "task", order.task().name()),
                new TaskRunner(context, timers, order, handler, clock, gate))));
    }

    private final TimerScheduler<Command> timers;
    private final RunOrder order;
    private final TaskHandler handler;
    private final InstantSource clock;
    private final SplittableRandom jitter;
    private final ActorRef<StartGate.Command> gate;
    private int attempt;
    private ActorRef<Attempt.Command> current;
    private boolean attemptInFlight;
    private Optional<String> cancelledBecause = Optional.empty();

    private TaskRunner(ActorContext<Command> context, TimerScheduler<Command> timers, RunOrder order,
                       TaskHandler handler, InstantSource clock, ActorRef<StartGate.Command> gate) {
        super(context);
        this.gate = gate;
        this.timers = timers;
        this.order = order;
        this.handler = handler;
        this.clock = clock;
        this.jitter = new SplittableRandom(order.runId().hashCode());
        context.getSelf().tell(new StartAttempt(order.attempt())); // handled with the run's MDC, like all that follows
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartAttempt.class, m -> {
                    startAttempt(m.attempt());
                    return this;
                })
                .onMessage(AttemptSucceeded.class, this::onSucceeded)
                .onMessage(Cancel.class, this::onCancel)
                .onSignal(ChildFailed.class, this::onAttemptFailed)
                .onSignal(Terminated.class, t -> this)
                .build();
    }

    private void startAttempt(int number) {
        attempt = number;
        TaskContext context = new TaskContext(order.runId(), order.task(), number, order.scheduledAt(),
                order.parameters(), order.window(), order.remainingBudget(), Cancellation.create());
        boolean decidedAhead = number == order.attempt() && order.scheduledAt().isAfter(clock.instant());
        Behavior<Attempt.Command> behavior = decidedAhead
                ? Attempt.atItsInstant(context, handler, getContext().getSelf(), gate)
                : Attempt.now(context, handler, getContext().getSelf());
        // A failed attempt stops its child; the runner logs it (once, as a warning) and decides what follows.
        Behavior<Attempt.Command> attemptBehavior = Behaviors.supervise(behavior)
                .onFailure(Attempt.AttemptFailure.class, SupervisorStrategy.stop().withLoggingEnabled(false));
        current = getContext().spawn(attemptBehavior, "attempt-" + number);
        getContext().watch(current);
        attemptInFlight = true;
        getContext().getLog().debug("attempt {} of {} started", number, order.task().retry().maxAttempts());
    }

    private Behavior<Command> onSucceeded(AttemptSucceeded m) {
        getContext().getLog().debug("attempt {} succeeded: {}", m.attempt(), m.result().result());
        order.reportTo().tell(new Supervisor.RunFinished(order.runId(), m.attempt(), m.result().result()));
        return Behaviors.stopped();
    }

    private Behavior<Command> onAttemptFailed(ChildFailed failed) {
        if (!failed.getRef().equals(current)) {
            return this;
        }
        attemptInFlight = false;
        String error = failed.getCause().getMessage();
        RetryPolicy policy = order.task().retry();
        boolean another = cancelledBecause.isEmpty() && policy.allowsRetryAfter(attempt);
        if (!another) {
            String why = cancelledBecause.map(r -> "cancelled: " + r).orElse(error);
            getContext().getLog().warn("attempt {} failed, giving up: {}", attempt, why);
            order.reportTo().tell(new Supervisor.AttemptFailed(order.runId(), attempt, why, Optional.empty()));
            return Behaviors.stopped();
        }
        Duration backoff = policy.backoff(attempt, jitter.nextDouble(-1.0, 1.0));
        Instant retryAt = clock.instant().plus(backoff);
        getContext().getLog().warn("attempt {} failed, retrying in {}: {}", attempt, Durations.human(backoff), error);
        order.reportTo().tell(new Supervisor.AttemptFailed(order.runId(), attempt, error, Optional.of(retryAt)));
        timers.startSingleTimer(new StartAttempt(attempt + 1), backoff);
        return this;
    }

    private Behavior<Command> onCancel(Cancel m) {
        cancelledBecause = Optional.of(m.reason());
        timers.cancelAll();
        if (attemptInFlight) {
            current.tell(new Attempt.CancelAttempt(m.reason()));
            return this; // its failure, reported as cancelled, ends the run
        }
        order.reportTo().tell(new Supervisor.AttemptFailed(order.runId(), attempt, "cancelled: " + m.reason(),
                Optional.empty()));
        return Behaviors.stopped();
    }
}
