package dev.interlude.engine.supervisor;

import java.util.Set;

/**
 * Starts and cancels the runs the supervisor decides on. The node's launcher spawns one runner actor per run; tests
 * and dry runs use their own.
 */
public interface Launcher {

    /** Starts the attempt; the runner reports its outcome to {@link RunOrder#reportTo()}. */
    void launch(RunOrder order);

    /** Cancels a run in flight, if this launcher started it; its runner reports the attempt as failed. */
    void cancel(String runId, String reason);

    /**
     * The runs whose runner this launcher started and that are still alive. After the supervisor restarts (a
     * journal failure), these runs go on; the others in flight are recorded as interrupted.
     */
    default Set<String> inFlight() {
        return Set.of();
    }
}
