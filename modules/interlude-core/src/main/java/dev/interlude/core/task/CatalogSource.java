package dev.interlude.core.task;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The HOCON a catalog was loaded from (its {@code tasks} and {@code task-defaults}, substitutions resolved) and the
 * zone its clock triggers default to: what lets {@link CatalogLoader} load the catalog again with changes, so a task
 * changed at run time gets exactly the defaults and checks of the file.
 */
public record CatalogSource(Config root, ZoneId zone) {

    public CatalogSource {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(zone, "zone");
    }

    /** The part of {@code root} a catalog is made of. */
    static CatalogSource of(Config root, ZoneId zone) {
        Config kept = ConfigFactory.empty();
        for (String key : new String[] {"tasks", "task-defaults"}) {
            if (root.hasPath(key)) {
                kept = kept.withValue(key, root.getValue(key));
            }
        }
        return new CatalogSource(kept, zone);
    }
}
