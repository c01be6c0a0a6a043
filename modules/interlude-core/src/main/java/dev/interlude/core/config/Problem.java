package dev.interlude.core.config;

import java.util.Objects;

/**
 * One thing wrong with the input, named by its path: {@code tasks.calculate_pnl.dependencies[0]: unknown task
 * "reconcile"}. Every loader collects all of them before it gives up, so an operator fixes a file in one pass.
 */
public record Problem(String path, String message) implements Comparable<Problem> {

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }

    @Override
    public int compareTo(Problem other) {
        int c = path.compareTo(other.path);
        return c != 0 ? c : message.compareTo(other.message);
    }
}
