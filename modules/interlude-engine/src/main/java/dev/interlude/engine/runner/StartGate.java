package dev.interlude.engine.runner;

import dev.interlude.engine.handler.Cancellation;
import dev.interlude.engine.handler.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Begins the attempts of runs decided ahead of their due instant: one timer per instant, however many attempts wait
 * for it. At the instant it calls their handlers one after another, then hands each attempt its handler's stage
 * ({@link Attempt.Begun}) to watch from there. Calling a handler only hands its work over (a Java handler to the
 * blocking dispatcher, a command to a subprocess, an HTTP call to the client), so a thousand runs due on the same
 * second begin within a few milliseconds; a timer and a message of their own each would put the scheduler's single
 * thread and a dispatcher hop between the instant and each handler, about 10 to 20 ms for a thousand on two cores.
 * An attempt cancelled before the instant is skipped.
 */
public final class StartGate {

    /** The gate's own thread, so it begins the runs at their instant without waiting behind other actors. */
    public static final String DISPATCHER = "interlude.start-gate-dispatcher";

    public sealed interface Command {
    }

    /** {@code attempt} begins at {@code at} (at once if that has passed) with {@code start}, unless cancelled. */
    record Await(Instant at, ActorRef<Attempt.Command> attempt, Supplier<CompletionStage<TaskResult>> start,
                 Cancellation cancellation) implements Command {
    }

    /** How many attempts wait for each instant, earliest first. */
    record GetWaiting(ActorRef<Map<Instant, Integer>> replyTo) implements Command {
    }

    private record Open(Instant at) implements Command {
    }

    private StartGate() {
    }

    public static Behavior<Command> create(InstantSource clock) {
        return Behaviors.withTimers(timers -> {
            Map<Instant, List<Await>> waiting = new TreeMap<>();
            return Behaviors.receive(Command.class)
                    .onMessage(Await.class, a -> {
                        Duration until = Duration.between(clock.instant(), a.at());
                        if (until.isNegative() || until.isZero()) {
                            begin(List.of(a));
                            return Behaviors.same();
                        }
                        waiting.computeIfAbsent(a.at(), at -> {
                            timers.startSingleTimer(at, new Open(at), until);
                            return new ArrayList<>();
                        }).add(a);
                        return Behaviors.same();
                    })
                    .onMessage(GetWaiting.class, g -> {
                        Map<Instant, Integer> counts = new LinkedHashMap<>();
                        waiting.forEach((at, attempts) -> counts.put(at, attempts.size()));
                        g.replyTo().tell(counts);
                        return Behaviors.same();
                    })
                    .onMessage(Open.class, o -> {
                        List<Await> due = waiting.remove(o.at());
                        if (due != null) {
                            begin(due);
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** Calls every handler first, then tells the attempts: no handler waits for another attempt's message. */
    private static void begin(List<Await> due) {
        List<CompletionStage<TaskResult>> stages = new ArrayList<>(due.size());
        for (Await a : due) {
            stages.add(a.cancellation().isCancelled() ? null : a.start().get());
        }
        for (int i = 0; i < due.size(); i++) {
            if (stages.get(i) != null) {
                due.get(i).attempt().tell(new Attempt.Begun(stages.get(i)));
            }
        }
    }
}
