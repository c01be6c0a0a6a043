package dev.interlude.app.desk;

import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskHandler;
import dev.interlude.engine.handler.TaskHandlerProvider;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the desk's handlers share: each is its own provider (a stateless handler, registered under {@link #name()}),
 * runs its file work synchronously (the engine calls Java handlers on the blocking dispatcher), and turns an I/O
 * error or a bad setting into a failed attempt whose error names the handler.
 */
abstract class DeskHandler implements TaskHandler, TaskHandlerProvider {

    private final String name;

    DeskHandler(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final TaskHandler create() {
        return this;
    }

    @Override
    public final CompletionStage<TaskResult> run(TaskContext context) {
        if (context.cancellation().isCancelled()) {
            return CompletableFuture.completedFuture(TaskResult.cancelled(context.cancellation().reason().orElse("")));
        }
        try {
            Settings settings = new Settings(context.handlerSettings());
            Desk desk = Desk.open(settings.text("dir", Desk.DEFAULT_DIR), System::getenv);
            return CompletableFuture.completedFuture(work(context, settings, desk));
        } catch (IOException | UncheckedIOException e) {
            return CompletableFuture.completedFuture(TaskResult.failure(name + ": " + e));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return CompletableFuture.completedFuture(TaskResult.failure(name + ": " + e.getMessage()));
        }
    }

    /** One attempt's work; throws {@link IOException} or {@link IllegalArgumentException} to fail it. */
    abstract TaskResult work(TaskContext context, Settings settings, Desk desk) throws IOException;
}
