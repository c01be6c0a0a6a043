package dev.interlude.engine.supervisor;

import com.typesafe.config.ConfigException;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.CatalogSource;
import dev.interlude.core.task.TaskCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog the supervisor plans with: the configured catalog with the {@link CatalogChanges} made at run time
 * over it, loaded again through {@link CatalogLoader} so a changed task gets exactly the defaults and the checks of
 * the catalog file (references, conflicts, cycles). Pure.
 *
 * @param catalog  the configured catalog with the changes; the configured catalog alone if the changes do not fit it
 *                 (after the catalog file changed under them)
 * @param problems why the changes do not fit, by path; empty when they do
 */
public record EffectiveCatalog(TaskCatalog catalog, List<Problem> problems) {

    public EffectiveCatalog {
        problems = List.copyOf(problems);
    }

    /** The configured catalog with {@code changes} over it. */
    public static EffectiveCatalog of(TaskCatalog configured, CatalogChanges changes) {
        if (changes.isEmpty()) {
            return new EffectiveCatalog(configured, List.of());
        }
        Optional<CatalogSource> source = configured.source();
        if (source.isEmpty()) {
            return new EffectiveCatalog(configured, List.of(new Problem("tasks", "this catalog was built in code, "
                    + "not loaded from a catalog file: its tasks cannot be changed at run time")));
        }
        try {
            return new EffectiveCatalog(CatalogLoader.load(changes.applyTo(source.get().root()), source.get().zone()),
                    List.of());
        } catch (InvalidInputException e) {
            return new EffectiveCatalog(configured, e.problems());
        } catch (ConfigException e) {
            return new EffectiveCatalog(configured, List.of(new Problem("tasks", e.getMessage())));
        }
    }

    /**
     * What is wrong with going from {@code current} changes to {@code next}: the problems of the catalog with
     * {@code next} over it that the catalog with {@code current} over it does not have already. Empty: the change
     * may be made. (A change is never refused for a problem it did not cause, so problems left by an edit of the
     * catalog file can be repaired one change at a time.)
     */
    public static List<Problem> problemsOfChange(TaskCatalog configured, CatalogChanges current,
                                                 CatalogChanges next) {
        EffectiveCatalog after = of(configured, next);
        if (after.problems().isEmpty()) {
            return List.of();
        }
        Set<Problem> before = new LinkedHashSet<>(of(configured, current).problems());
        List<Problem> added = new ArrayList<>();
        for (Problem p : after.problems()) {
            if (!before.contains(p)) {
                added.add(p);
            }
        }
        return List.copyOf(added);
    }

    /** True if the changes fit the configured catalog. */
    public boolean applied() {
        return problems.isEmpty();
    }
}
