package dev.interlude.http;

import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.supervisor.EffectiveCatalog;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the HTTP routes may ask of the node: the supervisor's state and its operator commands, the status hub, and
 * the node's catalog, Java handlers, calendar, planner and clock. Every command is the supervisor's own (journaled
 * there); a refusal (an unknown task, a disabled one) fails the stage with the supervisor's message.
 */
public interface NodeApi {

    CompletionStage<SupervisorState> state();

    CompletionStage<Done> stop(String by, String reason, boolean cancelRunning);

    CompletionStage<Done> resume(String by);

    CompletionStage<Done> approve(String task, String by);

    CompletionStage<Done> deny(String task, String by);

    /** Queues a run of {@code task}; the stage answers the request id. */
    CompletionStage<String> requestRun(String task, Map<String, String> parameters, String by);

    /**
     * Defines {@code task} (adds it or replaces its definition): {@code definition} is its catalog block as a JSON
     * object. The supervisor refuses a definition that does not make a valid catalog as a whole.
     */
    CompletionStage<Done> defineTask(String task, String definition, String by);

    /** Removes {@code task}; refused while another task refers to it. */
    CompletionStage<Done> removeTask(String task, String by);

    /** Switches {@code task} on or off. */
    CompletionStage<Done> setTaskEnabled(String task, boolean enabled, String by);

    /** The supervisor's journal, read back (history, metrics, a reconnecting feed client). */
    JournalEvents journal();

    /** This node's status hub: subscribe to it for the status feed. */
    ActorRef<StatusHub.Command> statusHub();

    /** The catalog as configured (the catalog file), without the changes made over the API. */
    TaskCatalog catalog();

    /**
     * The catalog the supervisor plans with: the configured one with the changes made over the API (journaled in
     * the supervisor's state) over it.
     */
    default CompletionStage<TaskCatalog> effectiveCatalog() {
        return state().thenApply(s -> EffectiveCatalog.of(catalog(), s.catalogChanges()).catalog());
    }

    /**
     * The Java handlers registered on this node, by name: a task defined over the API may only name one of these.
     * By default none: no Java handler can be named.
     */
    default HandlerRegistry handlers() {
        return HandlerRegistry.empty();
    }

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
