package dev.interlude.engine.supervisor;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.config.Problem;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskDefined;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskEnabledChanged;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskRemoved;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configured catalog with the run-time changes over it: the file's defaults and checks, a pure function. */
class EffectiveCatalogTest {

    private static final Instant T0 = Instant.parse("2026-11-18T23:00:00Z");

    /** backup, and report which depends on it; the file's task-defaults set the category. */
    private static final String CATALOG = SupervisorCatalogChangesTest.CATALOG;

    private static final TaskCatalog CONFIGURED = load(CATALOG);

    private static TaskCatalog load(String hocon) {
        return CatalogLoader.load(ConfigFactory.parseString(hocon).resolve(), XnysCalendar.ZONE);
    }

    private static CatalogChanges changes(SupervisorEvent... events) {
        CatalogChanges changes = CatalogChanges.none();
        for (SupervisorEvent e : events) {
            changes = changes.apply(e);
        }
        return changes;
    }

    private static TaskDefined defined(String task, String json) {
        return new TaskDefined(task, CatalogChanges.canonical(json), "alice", T0);
    }

    @Test
    void no_changes_is_the_configured_catalog_itself() {
        assertSame(CONFIGURED, EffectiveCatalog.of(CONFIGURED, CatalogChanges.none()).catalog());
    }

    @Test
    void a_defined_task_gets_the_defaults_of_the_catalog_file_and_of_reference_conf() {
        EffectiveCatalog effective = EffectiveCatalog.of(CONFIGURED, changes(defined("archive",
                "{\"priority\":\"LOW\",\"modes\":[\"RESEARCH\"],\"trigger\":{\"type\":\"manual\"},"
                        + "\"dependencies\":[\"report\"],\"handler\":{\"type\":\"simulated\"}}")));
        assertTrue(effective.applied(), effective.problems().toString());
        TaskSpec archive = effective.catalog().get("archive").orElseThrow();
        assertEquals("desk", archive.category(), "the file's task-defaults");
        assertEquals(256, archive.memoryMb(), "reference.conf's task-defaults");
        assertEquals(Duration.ofMinutes(10), archive.estimatedDuration(), "reference.conf's task-defaults");
        assertEquals(Duration.ofMinutes(30), archive.timeout());
        assertEquals(List.of("report"), archive.dependencies());
        assertEquals(List.of("backup", "report", "archive"), List.copyOf(effective.catalog().names()),
                "new tasks after the configured ones");
        assertTrue(effective.catalog().source().isPresent(), "it can be changed again");
    }

    @Test
    void a_definition_replaces_the_configured_block_and_a_switch_overrides_enabled() {
        EffectiveCatalog effective = EffectiveCatalog.of(CONFIGURED, changes(
                defined("backup", "{\"priority\":\"LOW\",\"phases\":[\"OVERNIGHT\"],"
                        + "\"trigger\":{\"type\":\"manual\"},\"handler\":{\"type\":\"java\",\"name\":\"backup\"}}"),
                new TaskEnabledChanged("report", false, "bob", T0)));
        TaskSpec backup = effective.catalog().get("backup").orElseThrow();
        assertEquals(new HandlerSpec.Java("backup", Map.of()), backup.handler());
        assertEquals("LOW", backup.priority().name());
        assertEquals(List.of("backup", "report"), List.copyOf(effective.catalog().names()), "it keeps its place");
        assertFalse(effective.catalog().get("report").orElseThrow().enabled());
    }

    @Test
    void a_change_that_breaks_the_catalog_is_refused_with_every_problem_by_path() {
        CatalogChanges next = changes(defined("archive", "{\"priority\":\"SOON\",\"modes\":[\"RESEARCH\"],"
                + "\"trigger\":{\"type\":\"hourly\"},\"dependencies\":[\"report\", \"nightly\"],"
                + "\"handler\":{\"type\":\"simulated\"}}"));
        List<String> paths = EffectiveCatalog.problemsOfChange(CONFIGURED, CatalogChanges.none(), next).stream()
                .map(Problem::path).toList();
        assertEquals(List.of("tasks.archive.dependencies[1]", "tasks.archive.priority", "tasks.archive.trigger.type"),
                paths);
    }

    @Test
    void a_cycle_through_a_configured_task_is_a_problem() {
        CatalogChanges next = changes(defined("backup", "{\"priority\":\"HIGH\",\"phases\":[\"OVERNIGHT\"],"
                + "\"trigger\":{\"type\":\"manual\"},\"dependencies\":[\"report\"],"
                + "\"handler\":{\"type\":\"simulated\"}}"));
        List<Problem> problems = EffectiveCatalog.problemsOfChange(CONFIGURED, CatalogChanges.none(), next);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().startsWith("dependency cycle"), problems.toString());
    }

    @Test
    void removing_a_task_another_depends_on_is_a_problem_at_the_reference() {
        List<Problem> problems = EffectiveCatalog.problemsOfChange(CONFIGURED, CatalogChanges.none(),
                changes(new TaskRemoved("backup", "bob", T0)));
        assertEquals(List.of("tasks.report.dependencies[0]"), problems.stream().map(Problem::path).toList());
        EffectiveCatalog withoutReport = EffectiveCatalog.of(CONFIGURED, changes(new TaskRemoved("report", "bob", T0)));
        assertEquals(List.of("backup"), List.copyOf(withoutReport.catalog().names()));
    }

    @Test
    void changes_the_catalog_file_no_longer_fits_are_set_aside_and_can_be_repaired_one_at_a_time() {
        CatalogChanges accepted = changes(
                defined("archive", "{\"priority\":\"LOW\",\"modes\":[\"RESEARCH\"],\"trigger\":{\"type\":\"manual\"},"
                        + "\"dependencies\":[\"report\"],\"handler\":{\"type\":\"simulated\"}}"),
                defined("summary", "{\"priority\":\"LOW\",\"modes\":[\"RESEARCH\"],\"trigger\":{\"type\":\"manual\"},"
                        + "\"dependencies\":[\"report\"],\"handler\":{\"type\":\"simulated\"}}"));
        TaskCatalog edited = load(CATALOG.replace("report {", "daily_report {")); // the file renamed report
        EffectiveCatalog broken = EffectiveCatalog.of(edited, accepted);
        assertFalse(broken.applied());
        assertSame(edited, broken.catalog(), "the configured catalog runs meanwhile");
        assertEquals(List.of("tasks.archive.dependencies[0]", "tasks.summary.dependencies[0]"),
                broken.problems().stream().map(Problem::path).toList());

        CatalogChanges oneRemoved = accepted.apply(new TaskRemoved("archive", "bob", T0));
        assertEquals(List.of(), EffectiveCatalog.problemsOfChange(edited, accepted, oneRemoved),
                "a change is not refused for a problem it did not cause");
    }

    @Test
    void a_catalog_built_in_code_cannot_be_changed() {
        TaskCatalog inCode = new TaskCatalog(List.of(task("a").build()));
        List<Problem> problems = EffectiveCatalog.problemsOfChange(inCode, CatalogChanges.none(),
                changes(new TaskEnabledChanged("a", false, "bob", T0)));
        assertEquals("tasks", problems.get(0).path());
    }

    @Test
    void a_definition_is_strict_json_without_includes_or_substitutions() {
        assertEquals("{\"a\":1,\"b\":{\"c\":\"x\"}}", CatalogChanges.canonical("{ \"b\": {\"c\": \"x\"}, \"a\": 1 }"));
        assertThrows(ConfigException.class, () -> CatalogChanges.canonical("{\"a\": ${HOME}}"));
        assertThrows(ConfigException.class, () -> CatalogChanges.canonical("include file(\"/etc/passwd\")"));
        assertThrows(ConfigException.class, () -> CatalogChanges.canonical("a = 1"));
        assertThrows(ConfigException.class, () -> CatalogChanges.canonical("[1, 2]"));
    }
}
