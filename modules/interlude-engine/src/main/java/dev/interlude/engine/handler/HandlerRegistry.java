package dev.interlude.engine.handler;

import dev.interlude.core.config.Problem;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The in-process Java handlers, by name: found with {@link ServiceLoader} ({@link TaskHandlerProvider}) and
 * registered in code. The catalog refers to them by name; {@link #validate(TaskCatalog)} runs at node start so an
 * unknown name fails then, not at 3 a.m. A task defined over the API may only name a handler registered here.
 */
public final class HandlerRegistry {

    private final ConcurrentMap<String, TaskHandler> handlers = new ConcurrentHashMap<>();

    private HandlerRegistry() {
    }

    /** A registry with nothing in it. */
    public static HandlerRegistry empty() {
        return new HandlerRegistry();
    }

    /** A registry with every provider the context class loader (or this class's loader) finds. */
    public static HandlerRegistry fromServiceLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return fromServiceLoader(loader != null ? loader : HandlerRegistry.class.getClassLoader());
    }

    /** A registry with every provider {@code loader} finds; two providers with one name fail. */
    public static HandlerRegistry fromServiceLoader(ClassLoader loader) {
        HandlerRegistry registry = new HandlerRegistry();
        for (TaskHandlerProvider provider : ServiceLoader.load(TaskHandlerProvider.class, loader)) {
            registry.register(provider.name(), provider.create());
        }
        return registry;
    }

    /**
     * Registers {@code handler} under {@code name}.
     *
     * @throws IllegalArgumentException if the name is blank or already taken (two handlers with one name would make
     *                                  the catalog ambiguous)
     */
    public HandlerRegistry register(String name, TaskHandler handler) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a Java handler needs a non-blank name");
        }
        TaskHandler previous = handlers.putIfAbsent(name, handler);
        if (previous != null && previous != handler) {
            throw new IllegalArgumentException("a Java handler named \"" + name + "\" is already registered");
        }
        return this;
    }

    public Optional<TaskHandler> lookup(String name) {
        return Optional.ofNullable(handlers.get(name));
    }

    /** The registered names, sorted. */
    public SortedSet<String> names() {
        return new TreeSet<>(handlers.keySet());
    }

    /**
     * Every task whose Java handler is not registered, named by path:
     * {@code tasks.<name>.handler.name: unknown Java handler "x", registered: a, b}.
     */
    public List<Problem> validate(TaskCatalog catalog) {
        List<Problem> problems = new ArrayList<>();
        for (TaskSpec task : catalog.tasks()) {
            if (task.handler() instanceof HandlerSpec.Java java) {
                check("tasks." + task.name() + ".handler.name", java.name()).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /** The problem at {@code path} if no handler is registered under {@code name}. */
    public Optional<Problem> check(String path, String name) {
        return handlers.containsKey(name) ? Optional.empty()
                : Optional.of(new Problem(path, "unknown Java handler \"" + name + "\", registered: "
                        + registeredList()));
    }

    private String registeredList() {
        SortedSet<String> names = names();
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
