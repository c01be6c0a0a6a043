package dev.interlude.http;

import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the HTTP routes may ask of the node: the supervisor's state and its operator commands, the status hub, and
 * the node's catalog, calendar, planner and clock. Every command is the supervisor's own (journaled there); a
 * refusal (an unknown task, a disabled one) fails the stage with the supervisor's message.
 */
public interface NodeApi {

    CompletionStage<SupervisorState> state();

    CompletionStage<Done> stop(String by, String reason, boolean cancelRunning);

    CompletionStage<Done> resume(String by);

    CompletionStage<Done> approve(String task, String by);

    CompletionStage<Done> deny(String task, String by);

    /** Queues a run of {@code task}; the stage answers the request id. */
    CompletionStage<String> requestRun(String task, Map<String, String> parameters, String by);

    /** The supervisor's journal, read back (history, metrics, a reconnecting feed client). */
    JournalEvents journal();

    /** This node's status hub: subscribe to it for the status feed. */
    ActorRef<StatusHub.Command> statusHub();

    TaskCatalog catalog();

    TradingWindows windows();

    PlannerConfig planner();

    InstantSource clock();

    /** The run history, the metrics and the health verdict of this node. */
    Monitoring monitoring();

    /**
     * This node's status as a member of its cluster, as Pekko names it: {@code Joining}, {@code WeaklyUp},
     * {@code Up} (once it serves), {@code Leaving}, {@code Exiting}, {@code Down}, {@code Removed}.
     */
    String memberStatus();

    /** The node's health verdict now: {@code healthy}, {@code degraded} or {@code unhealthy}, with each check. */
    default CompletionStage<Health> health() {
        return monitoring().health(this);
    }
}
