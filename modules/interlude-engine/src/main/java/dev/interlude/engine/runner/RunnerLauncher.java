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
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The node's launcher: one {@link TaskRunner} per run, a child of the supervisor (so runs die with it, and are
 * recorded interrupted when it recovers elsewhere). Used only from inside the supervisor.
 */
public final class RunnerLauncher implements Launcher {

    private final ActorContext<Supervisor.Command> supervisor;
    private final Function<TaskSpec, TaskHandler> handlers;
    private final InstantSource clock;
    private final Map<String, ActorRef<TaskRunner.Command>> runners = new HashMap<>();

    public RunnerLauncher(ActorContext<Supervisor.Command> supervisor, Function<TaskSpec, TaskHandler> handlers,
                          InstantSource clock) {
        this.supervisor = supervisor;
        this.handlers = handlers;
        this.clock = clock;
    }

    @Override
    public void launch(RunOrder order) {
        runners.values().removeIf(ref -> supervisor.getChild(ref.path().name()).isEmpty());
        String name = "run-" + URLEncoder.encode(order.runId(), StandardCharsets.UTF_8) + "-" + order.attempt();
        ActorRef<TaskRunner.Command> runner = supervisor.getChild(name).isPresent()
                ? supervisor.spawnAnonymous(TaskRunner.create(order, handlers.apply(order.task()), clock))
                : supervisor.spawn(TaskRunner.create(order, handlers.apply(order.task()), clock), name);
        runners.put(order.runId(), runner);
    }

    @Override
    public void cancel(String runId, String reason) {
        ActorRef<TaskRunner.Command> runner = runners.remove(runId);
        if (runner != null) {
            runner.tell(new TaskRunner.Cancel(reason));
        }
    }
}
