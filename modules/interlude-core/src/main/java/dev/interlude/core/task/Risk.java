package dev.interlude.core.task;

/** How much harm a task can do if it misbehaves. */
public enum Risk {
    LOW, MEDIUM, HIGH
}
