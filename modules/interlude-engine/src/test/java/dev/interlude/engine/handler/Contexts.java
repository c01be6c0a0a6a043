package dev.interlude.engine.handler;

import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.TaskSpecBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Task contexts for handler tests. */
final class Contexts {

    static final Instant SCHEDULED = Instant.parse("2026-11-20T23:00:00Z");

    private Contexts() {
    }

    static TaskSpec task(String name, HandlerSpec handler) {
        return TaskSpecBuilder.task(name).handler(handler).build();
    }

    static TaskContext context(String runId, TaskSpec task, Map<String, String> parameters, Cancellation cancellation) {
        return new TaskContext(runId, task, 1, SCHEDULED, parameters, Optional.empty(), Duration.ofHours(8),
                cancellation);
    }

    static TaskContext context(String runId, TaskSpec task) {
        return context(runId, task, Map.of(), Cancellation.create());
    }
}
