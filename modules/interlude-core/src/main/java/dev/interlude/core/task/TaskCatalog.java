package dev.interlude.core.task;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tasks Interlude knows, by name, in the order they were declared. Immutable. A catalog loaded by
 * {@link CatalogLoader} keeps its {@link #source()}, so it can be loaded again with changes.
 */
public final class TaskCatalog {

    private final Map<String, TaskSpec> tasks;
    private final Optional<CatalogSource> source;
    private volatile TaskGraph graph;

    /** A catalog of {@code specs}, with no source (built in code: it cannot be loaded again with changes). */
    public TaskCatalog(Collection<TaskSpec> specs) {
        this(specs, Optional.empty());
    }

    public TaskCatalog(Collection<TaskSpec> specs, Optional<CatalogSource> source) {
        this.source = Objects.requireNonNull(source, "source");
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

    /** The HOCON this catalog was loaded from; empty for a catalog built in code. */
    public Optional<CatalogSource> source() {
        return source;
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
