package dev.interlude.engine.handler;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The signal a runner gives a handler to stop an attempt (its timeout, an operator stop). Cancelling is one-way and
 * idempotent: the first reason wins. Handlers only observe it; they cannot complete it.
 */
public final class Cancellation {

    private final CompletableFuture<String> reason = new CompletableFuture<>();

    private Cancellation() {
    }

    public static Cancellation create() {
        return new Cancellation();
    }

    /** Asks the handler to stop; true if this call cancelled, false if it was cancelled already. */
    public boolean cancel(String why) {
        return reason.complete(Objects.requireNonNull(why, "why"));
    }

    public boolean isCancelled() {
        return reason.isDone();
    }

    /** The reason given to the first {@link #cancel(String)}, if any. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason.getNow(null));
    }

    /**
     * Completes with the reason once cancelled (at once if it is already). Callbacks run on the thread that cancels,
     * so they should only signal (kill a process, cancel a future, cancel a timer).
     */
    public CompletionStage<String> whenCancelled() {
        return reason.minimalCompletionStage();
    }

    @Override
    public String toString() {
        return reason().map(r -> "Cancellation[cancelled: " + r + "]").orElse("Cancellation[pending]");
    }
}
