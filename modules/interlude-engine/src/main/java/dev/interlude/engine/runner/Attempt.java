package dev.interlude.engine.runner;

import dev.interlude.core.Durations;
import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskHandler;
import dev.interlude.engine.handler.TaskResult;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One attempt of a run: calls the handler, cancels it at the task's timeout, and either tells the runner it
 * succeeded or fails with {@link AttemptFailure}, which its watching runner receives as the attempt's failure.
 */
final class Attempt {

    sealed interface Command {
    }

    /** The runner asks the attempt to stop (an operator's stop). */
    record CancelAttempt(String reason) implements Command {
    }

    private record Completed(TaskResult result, Throwable failure) implements Command {
    }

    private enum TimedOut implements Command {
        INSTANCE
    }

    /** From the gate, at the due instant of a run decided ahead: its handler has begun. */
    record Begun(CompletionStage<TaskResult> handler) implements Command {
    }

    /** An attempt that failed, with what operators read about it. */
    static final class AttemptFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AttemptFailure(String message) {
            super(message, null, false, false);
        }
    }

    private Attempt() {
    }

    /** An attempt whose handler is called at once. */
    static Behavior<Command> now(TaskContext context, TaskHandler handler, ActorRef<TaskRunner.Command> runner) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                running(ctx, timers, context, runner, call(handler, context))));
    }

    /**
     * An attempt of a run decided ahead of its due instant ({@code context.scheduledAt()}): the {@code gate} calls
     * its handler then, with every other attempt due at that instant. Cancelled before it begins, it fails without
     * its handler being called.
     */
    static Behavior<Command> atItsInstant(TaskContext context, TaskHandler handler,
                                          ActorRef<TaskRunner.Command> runner, ActorRef<StartGate.Command> gate) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            gate.tell(new StartGate.Await(context.scheduledAt(), ctx.getSelf(), () -> call(handler, context),
                    context.cancellation()));
            return Behaviors.receive(Command.class)
                    .onMessage(Begun.class, b -> running(ctx, timers, context, runner, b.handler()))
                    .onMessage(CancelAttempt.class, c -> {
                        context.cancellation().cancel(c.reason());
                        throw new AttemptFailure(c.reason());
                    })
                    .onSignal(PostStop.class, stopped -> {
                        context.cancellation().cancel("the run's supervisor stopped");
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    /** Waits for the handler's outcome, the task's timeout or a cancellation. */
    private static Behavior<Command> running(ActorContext<Command> ctx, TimerScheduler<Command> timers,
                                             TaskContext context, ActorRef<TaskRunner.Command> runner,
                                             CompletionStage<TaskResult> handler) {
        Duration limit = timeLimit(context);
        timers.startSingleTimer(TimedOut.INSTANCE, limit);
        ctx.pipeToSelf(handler, Completed::new);
        return Behaviors.receive(Command.class)
                .onMessage(Completed.class, done -> {
                    if (done.failure() != null) {
                        throw new AttemptFailure(describe(done.failure()));
                    }
                    TaskResult result = done.result();
                    if (result.success() && !context.cancellation().isCancelled()) {
                        runner.tell(new TaskRunner.AttemptSucceeded(context.attempt(), result));
                        return Behaviors.stopped();
                    }
                    throw new AttemptFailure(failureOf(result, context));
                })
                .onMessage(TimedOut.class, t -> {
                    context.cancellation().cancel("timed out after " + Durations.human(limit));
                    return Behaviors.same();
                })
                .onMessage(CancelAttempt.class, c -> {
                    context.cancellation().cancel(c.reason());
                    return Behaviors.same();
                })
                // Stopped before its handler finished (its supervisor stopped: the node shuts down, or the
                // supervisor moved to another node): the work is cancelled, not orphaned, since the run is
                // recorded as interrupted and runs again elsewhere. After an ending, cancelling changes nothing.
                .onSignal(PostStop.class, stopped -> {
                    context.cancellation().cancel("the run's supervisor stopped");
                    return Behaviors.same();
                })
                .build();
    }

    /**
     * How long the attempt may run: the task's timeout, or for an extendable task in a research window, as long as
     * the window's budget lasts if that is longer (it may run past its estimate while the budget allows).
     */
    static Duration timeLimit(TaskContext context) {
        Duration timeout = context.task().timeout();
        if (context.task().extendable() && context.window().isPresent()
                && context.remainingBudget().compareTo(timeout) > 0) {
            return context.remainingBudget();
        }
        return timeout;
    }

    /** The handler's stage; a handler that throws instead of failing its stage fails the attempt all the same. */
    static CompletionStage<TaskResult> call(TaskHandler handler, TaskContext context) {
        try {
            return handler.run(context);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    private static String failureOf(TaskResult result, TaskContext context) {
        if (context.cancellation().isCancelled()) {
            return context.cancellation().reason().orElse("cancelled");
        }
        return result.error().orElse(result.exitCode().map(c -> "exit code " + c).orElse("failed"));
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
