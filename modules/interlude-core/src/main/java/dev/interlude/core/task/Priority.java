package dev.interlude.core.task;

/** How much a task matters; CRITICAL first. */
public enum Priority {
    CRITICAL, HIGH, MEDIUM, LOW, BACKGROUND;

    /** 0 for CRITICAL up to 4 for BACKGROUND: lower runs first. */
    public int rank() {
        return ordinal();
    }
}
