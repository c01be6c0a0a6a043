package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.config.Environment;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.engine.supervisor.CatalogChanges;
import dev.interlude.engine.supervisor.EffectiveCatalog;
import dev.interlude.engine.supervisor.SupervisorEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code interlude run} hands the node: the catalog {@link Setup#checkAll} answers. */
class SetupTest {

    @Test
    void the_catalog_a_node_runs_and_a_task_defined_at_run_time_get_the_nodes_task_defaults(@TempDir Path dir)
            throws IOException {
        Path tasks = dir.resolve("tasks.conf");
        Files.writeString(tasks, String.join("\n",
                "task-defaults { memory-mb = 512 }",
                "tasks.a { priority = HIGH, modes = [RESEARCH], trigger { type = manual }, handler { type = simulated } }"));
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, "interlude.task-defaults { category = desk, memory-mb = 2048, "
                + "estimated-duration = 20m }\n");

        TaskCatalog catalog = Setup.load(Cli.HOME, conf, Environment.of(Map.of())).checkAll(tasks);

        assertConfigured(catalog.get("a").orElseThrow());
        CatalogChanges defined = CatalogChanges.none().apply(new SupervisorEvent.TaskDefined("b",
                CatalogChanges.canonical("{\"priority\":\"LOW\",\"modes\":[\"RESEARCH\"],"
                        + "\"trigger\":{\"type\":\"manual\"},\"handler\":{\"type\":\"simulated\"}}"),
                "alice", Instant.parse("2026-11-18T23:00:00Z")));
        EffectiveCatalog effective = EffectiveCatalog.of(catalog, defined);
        assertTrue(effective.applied(), effective.problems().toString());
        assertConfigured(effective.catalog().get("a").orElseThrow());
        assertConfigured(effective.catalog().get("b").orElseThrow());
    }

    private static void assertConfigured(TaskSpec task) {
        assertEquals("desk", task.category(), task.name() + ": the node's interlude.task-defaults");
        assertEquals(Duration.ofMinutes(20), task.estimatedDuration(), task.name() + ": the node's");
        assertEquals(Duration.ofMinutes(60), task.timeout(), task.name() + ": the node's estimate x 3");
        assertEquals(512, task.memoryMb(), task.name() + ": the file's task-defaults over the node's");
    }
}
