package dev.interlude.testkit;

import java.util.Locale;

/** How one attempt of a run ended in a simulation. */
public enum RunOutcome {
    /** The attempt succeeded. */
    SUCCEEDED,
    /** The attempt failed and the run is retried (a later attempt of the same run id follows). */
    FAILED,
    /** The attempt failed and it was the last one allowed: the run failed for good. */
    ABANDONED,
    /** The node crashed while the attempt was in flight; the run is retried under its policy, or abandoned. */
    INTERRUPTED,
    /** Still running when the simulation ended. */
    RUNNING;

    /** Words for operators, as in the summaries and the timeline's legend. */
    public String label() {
        return switch (this) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed and retried";
            case ABANDONED -> "failed for good";
            case INTERRUPTED -> "interrupted";
            case RUNNING -> "still running";
        };
    }

    /** Lower case, as in the JSON and the tables. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
