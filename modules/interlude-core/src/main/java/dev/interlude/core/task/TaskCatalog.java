package dev.interlude.core.task;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tasks Interlude knows, by name, in the order they were declared. Immutable. */
public final class TaskCatalog {

    private final Map<String, TaskSpec> tasks;
    private volatile TaskGraph graph;

    public TaskCatalog(Collection<TaskSpec> specs) {
        Map<String, TaskSpec> byName = new LinkedHashMap<>();
        for (TaskSpec spec : specs) {
            if (byName.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("task " + spec.name() + " is declared twice");
            }
        }
        this.tasks = Collections.unmodifiableMap(byName);
    }

    public static TaskCatalog empty() {
        return new TaskCatalog(List.of());
    }

    public Optional<TaskSpec> get(String name) {
        return Optional.ofNullable(tasks.get(name));
    }

    public boolean contains(String name) {
        return tasks.containsKey(name);
    }

    /** Every task in declaration order. */
    public List<TaskSpec> tasks() {
        return new ArrayList<>(tasks.values());
    }

    public Collection<String> names() {
        return tasks.keySet();
    }

    /** The catalog's dependency and conflict graph by index, built on first use. */
    public TaskGraph graph() {
        TaskGraph g = graph;
        if (g == null) {
            g = new TaskGraph(new ArrayList<>(tasks.values()));
            graph = g;
        }
        return g;
    }

    public int size() {
        return tasks.size();
    }
}
