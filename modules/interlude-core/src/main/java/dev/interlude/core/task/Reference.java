package dev.interlude.core.task;

/**
 * A task named by another in the catalog, found while reading and checked once every task name is known.
 *
 * @param path where the name was written: {@code tasks.calculate_pnl.dependencies[0]}
 */
record Reference(String path, String from, String to, Kind kind) {

    enum Kind { DEPENDENCY, CONFLICT, BRANCH }
}
