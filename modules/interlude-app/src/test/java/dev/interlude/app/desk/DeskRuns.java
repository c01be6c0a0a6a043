package dev.interlude.app.desk;

import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.TaskSpecBuilder;
import dev.interlude.engine.handler.Cancellation;
import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskHandlerProvider;
import dev.interlude.engine.handler.TaskResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a desk handler the way the engine does: a task with a Java handler spec, a context, {@code run(context)}. */
final class DeskRuns {

    /** Wednesday 2026-11-18, 20:00 in New York. */
    static final Instant SCHEDULED = Instant.parse("2026-11-19T01:00:00Z");

    private DeskRuns() {
    }

    static TaskContext context(TaskHandlerProvider handler, Path dir, String runId, Map<String, String> settings,
                               Cancellation cancellation) {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("dir", dir.toString());
        TaskSpec task = TaskSpecBuilder.task("desk_task").handler(new HandlerSpec.Java(handler.name(), all)).build();
        return new TaskContext(runId, task, 1, SCHEDULED, Map.of(), Optional.empty(), Duration.ofHours(8),
                cancellation);
    }

    static TaskResult run(DeskHandler handler, Path dir, String runId, Map<String, String> settings) {
        try {
            return handler.run(context(handler, dir, runId, settings, Cancellation.create())).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(handler.name() + " did not complete", e);
        }
    }

    static TaskResult run(DeskHandler handler, Path dir, String runId) {
        return run(handler, dir, runId, Map.of());
    }
}
