package dev.interlude.engine.runner;

import dev.interlude.core.task.TaskSpec;
import dev.interlude.engine.handler.TaskHandler;
import dev.interlude.engine.supervisor.Launcher;
import dev.interlude.engine.supervisor.RunOrder;
import dev.interlude.engine.supervisor.Supervisor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The node's launcher: one {@link TaskRunner} per run, a child of the supervisor (so runs die with it, and are
 * recorded interrupted when it recovers elsewhere). Used only from inside the supervisor.
 */
public final class RunnerLauncher implements Launcher {

    private final ActorContext<Supervisor.Command> supervisor;
    private final Function<TaskSpec, TaskHandler> handlers;
    private final InstantSource clock;
    private static final int MIN_PRUNE_AT = 64;

    private final Map<String, ActorRef<TaskRunner.Command>> runners = new HashMap<>();
    /** Opens the first attempts of runs decided ahead of their due instant, all those due at once together. */
    private final ActorRef<StartGate.Command> gate;
    /** The size at which stopped runners are next forgotten. */
    private int pruneAt = MIN_PRUNE_AT;

    public RunnerLauncher(ActorContext<Supervisor.Command> supervisor, Function<TaskSpec, TaskHandler> handlers,
                          InstantSource clock) {
        this.supervisor = supervisor;
        this.handlers = handlers;
        this.clock = clock;
        this.gate = supervisor.spawn(StartGate.create(clock), "start-gate",
                DispatcherSelector.fromConfig(StartGate.DISPATCHER));
    }

    @Override
    public void launch(RunOrder order) {
        if (runners.size() >= pruneAt) {
            // Forget the runners that have stopped; amortized, so starting N runs at once costs O(N), not O(N^2).
            runners.values().removeIf(ref -> supervisor.getChild(ref.path().name()).isEmpty());
            pruneAt = Math.max(MIN_PRUNE_AT, 2 * runners.size());
        }
        String name = "run-" + URLEncoder.encode(order.runId(), StandardCharsets.UTF_8) + "-" + order.attempt();
        Behavior<TaskRunner.Command> behavior = TaskRunner.create(order, handlers.apply(order.task()), clock, gate);
        ActorRef<TaskRunner.Command> runner = supervisor.getChild(name).isPresent()
                ? supervisor.spawnAnonymous(behavior) : supervisor.spawn(behavior, name);
        runners.put(order.runId(), runner);
    }

    @Override
    public Set<String> inFlight() {
        Set<String> alive = new HashSet<>();
        runners.forEach((runId, ref) -> {
            if (supervisor.getChild(ref.path().name()).isPresent()) {
                alive.add(runId);
            }
        });
        return Set.copyOf(alive);
    }

    @Override
    public void cancel(String runId, String reason) {
        ActorRef<TaskRunner.Command> runner = runners.remove(runId);
        if (runner != null) {
            runner.tell(new TaskRunner.Cancel(reason));
        }
    }
}
