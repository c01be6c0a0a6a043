package dev.interlude.engine.supervisor;

import static dev.interlude.engine.supervisor.SupervisorState.put;
import static dev.interlude.engine.supervisor.SupervisorState.remove;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import dev.interlude.engine.CborSerializable;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskDefined;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskEnabledChanged;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskRemoved;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The changes operators made to the task catalog at run time (over the API), journaled by the supervisor so they
 * survive a restart and are the same on every node. They lie over the configured catalog: a definition replaces (or
 * adds) a task, a removal takes it out, an enabled flag switches it on or off. The latest change of a task wins: a
 * new definition clears an earlier removal and enabled flag, a removal clears the definition and the flag.
 * Immutable; {@link #apply} is pure.
 *
 * @param definitions tasks defined over the API, by name: their HOCON as canonical JSON text
 * @param removed     tasks removed over the API, by name (they stay removed, even if the catalog file declares them
 *                    again, until they are defined again)
 * @param enabled     tasks switched on or off over the API, by name
 */
public record CatalogChanges(Map<String, Definition> definitions, Map<String, Change> removed,
                             Map<String, Switch> enabled) implements CborSerializable {

    /** Who changed a task, and when. */
    public record Change(String by, Instant at) implements CborSerializable {
    }

    /** A task's definition (canonical JSON of its catalog block), who defined it and when. */
    public record Definition(String definition, String by, Instant at) implements CborSerializable {
        /** The definition may hold handler secrets: never printed. */
        @Override
        public String toString() {
            return "Definition[(" + definition.length() + " chars), by=" + by + ", at=" + at + "]";
        }
    }

    /** A task switched on or off, by whom and when. */
    public record Switch(boolean enabled, String by, Instant at) implements CborSerializable {
    }

    private static final ConfigParseOptions JSON = ConfigParseOptions.defaults()
            .setSyntax(ConfigSyntax.JSON).setAllowMissing(false).setOriginDescription("the task definition");

    public CatalogChanges {
        definitions = Map.copyOf(definitions == null ? Map.of() : definitions);
        removed = Map.copyOf(removed == null ? Map.of() : removed);
        enabled = Map.copyOf(enabled == null ? Map.of() : enabled);
    }

    public static CatalogChanges none() {
        return new CatalogChanges(Map.of(), Map.of(), Map.of());
    }

    public boolean isEmpty() {
        return definitions.isEmpty() && removed.isEmpty() && enabled.isEmpty();
    }

    /** The changes after a task change event; any other event leaves them as they are. */
    public CatalogChanges apply(SupervisorEvent event) {
        if (event instanceof TaskDefined e) {
            return new CatalogChanges(put(definitions, e.task(), new Definition(e.definition(), e.by(), e.at())),
                    remove(removed, e.task()), remove(enabled, e.task()));
        }
        if (event instanceof TaskRemoved e) {
            return new CatalogChanges(remove(definitions, e.task()), put(removed, e.task(), new Change(e.by(), e.at())),
                    remove(enabled, e.task()));
        }
        if (event instanceof TaskEnabledChanged e) {
            return new CatalogChanges(definitions, removed,
                    put(enabled, e.task(), new Switch(e.enabled(), e.by(), e.at())));
        }
        return this;
    }

    /** The latest change made to {@code task} over the API (a definition or an enabled flag), if any. */
    public Optional<Change> lastChange(String task) {
        return Stream.concat(
                        Optional.ofNullable(definitions.get(task)).map(d -> new Change(d.by(), d.at())).stream(),
                        Optional.ofNullable(enabled.get(task)).map(s -> new Change(s.by(), s.at())).stream())
                .max((a, b) -> a.at().compareTo(b.at()));
    }

    /**
     * The catalog source {@code root} (its {@code tasks} and {@code task-defaults}) with these changes over it.
     *
     * @throws ConfigException if a stored definition is not a JSON object (it was checked when it was defined)
     */
    public Config applyTo(Config root) {
        Config changed = root;
        for (String task : removed.keySet()) {
            changed = changed.withoutPath(path(task));
        }
        // A task keeps its place in the catalog when it is redefined; new ones follow, in the order defined.
        int next = changed.hasPath("tasks") ? changed.getObject("tasks").values().stream()
                .mapToInt(v -> v.origin().lineNumber()).max().orElse(0) + 1 : 1;
        List<Map.Entry<String, Definition>> inOrder = definitions.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Definition> d) -> d.getValue().at())
                        .thenComparing(Map.Entry::getKey))
                .toList();
        for (Map.Entry<String, Definition> d : inOrder) {
            String path = path(d.getKey());
            int line = changed.hasPath(path) ? changed.getValue(path).origin().lineNumber() : next++;
            ConfigObject block = parse(d.getValue().definition());
            changed = changed.withValue(path, block.withOrigin(block.origin().withLineNumber(line)));
        }
        for (Map.Entry<String, Switch> s : enabled.entrySet()) {
            if (changed.hasPath(path(s.getKey()))) {
                changed = changed.withValue(path(s.getKey()) + ".enabled",
                        ConfigValueFactory.fromAnyRef(s.getValue().enabled()));
            }
        }
        return changed;
    }

    /**
     * A task's block as canonical JSON (keys sorted, no comments, no whitespace). The text must be a JSON object:
     * strict JSON, so no HOCON includes or substitutions ({@code ${VAR}}) can read files or the environment.
     *
     * @throws ConfigException naming the line and what is wrong
     */
    public static String canonical(String json) {
        return parse(json).render(ConfigRenderOptions.concise());
    }

    private static ConfigObject parse(String json) {
        return ConfigFactory.parseString(json, JSON).root();
    }

    private static String path(String task) {
        return ConfigUtil.joinPath("tasks", task);
    }
}
