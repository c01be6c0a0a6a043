package dev.interlude.core.task;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The HOCON a catalog was loaded from (its {@code tasks}, substitutions resolved, and as {@code task-defaults} the
 * defaults its tasks were read over: the file's over the node's) and the zone its clock triggers default to: what
 * lets {@link CatalogLoader} load the catalog again with changes, so a task changed at run time gets exactly the
 * defaults and checks of the file.
 */
public record CatalogSource(Config root, ZoneId zone) {

    public CatalogSource {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(zone, "zone");
    }

    /** The tasks of {@code root}, read over {@code defaults}. */
    static CatalogSource of(Config root, ConfigObject defaults, ZoneId zone) {
        Config kept = ConfigFactory.empty().withValue("task-defaults", defaults);
        if (root.hasPath("tasks")) {
            kept = kept.withValue("tasks", root.getValue("tasks"));
        }
        return new CatalogSource(kept, zone);
    }
}
