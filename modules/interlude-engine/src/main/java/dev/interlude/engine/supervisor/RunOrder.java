package dev.interlude.engine.supervisor;

import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.window.ResearchWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the supervisor hands a runner: one attempt of one run, journaled as {@code RunStarted} before it is handed
 * over. The runner reports to {@code reportTo} with {@link Supervisor.RunFinished} or {@link Supervisor.AttemptFailed}.
 */
public record RunOrder(String runId, TaskSpec task, int attempt, Map<String, String> parameters, Instant scheduledAt,
                       Optional<ResearchWindow> window, Duration remainingBudget,
                       ActorRef<Supervisor.RunReport> reportTo) {

    public RunOrder {
        parameters = Map.copyOf(parameters);
    }
}
