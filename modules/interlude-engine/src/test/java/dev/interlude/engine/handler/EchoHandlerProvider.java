package dev.interlude.engine.handler;

import java.util.concurrent.CompletableFuture;

/** A provider found through META-INF/services: answers with its "greeting" setting and the run id. */
public final class EchoHandlerProvider implements TaskHandlerProvider {

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public TaskHandler create() {
        return context -> CompletableFuture.completedFuture(TaskResult.success(
                context.handlerSettings().getOrDefault("greeting", "hello") + " " + context.runId()));
    }
}
