package dev.interlude.engine.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.SettableClock;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskDefined;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskEnabledChanged;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskRemoved;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operators change the catalog at run time through the supervisor: definitions checked against the whole catalog,
 * removals refused while others refer to the task, tasks switched on and off; every change journaled (and so
 * replayed after a restart) and planned with at once.
 */
class SupervisorCatalogChangesTest {

    /** Wednesday 2026-11-18, 20:00 in New York: an overnight research window. */
    private static final Instant EVENING = Instant.parse("2026-11-19T01:00:00Z");

    /** Two research tasks: backup (every window) and report (manual), which depends on it. */
    static final String CATALOG = """
            task-defaults { category = desk }
            tasks {
              backup { priority = MEDIUM, modes = [RESEARCH], trigger { type = every-window, scope = window },
                       handler { type = simulated } }
              report { priority = LOW, modes = [RESEARCH], trigger { type = manual }, dependencies = [backup],
                       handler { type = simulated } }
            }
            """;

    /** A research task that runs once per window, as an operator would PUT it. */
    static final String ARCHIVE = "{\"priority\": \"HIGH\", \"modes\": [\"RESEARCH\"], "
            + "\"trigger\": {\"type\": \"every-window\", \"scope\": \"window\"}, \"estimated-duration\": \"20m\", "
            + "\"handler\": {\"type\": \"simulated\"}}";

    private static ActorTestKit testKit;

    private final SettableClock clock = new SettableClock(EVENING);
    private final List<RunOrder> launched = new CopyOnWriteArrayList<>();
    private EventSourcedBehaviorTestKit<Supervisor.Command, SupervisorEvent, SupervisorState> kit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("catalog-changes-test", EventSourcedBehaviorTestKit.config()
                .withFallback(ManualTime.config()).withFallback(ConfigFactory.load()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    static TaskCatalog catalog() {
        return CatalogLoader.load(ConfigFactory.parseString(CATALOG).resolve(), XnysCalendar.ZONE);
    }

    static Supervisor.Setup setup(PersistenceId id, java.time.InstantSource clock, SupervisorSettings settings,
                                  Launcher launcher) {
        Config planner = ConfigFactory.parseString("interlude.planner.memory { source = fixed, fixed-mb = 8192 }")
                .withFallback(ConfigFactory.defaultReference()).resolve();
        return new Supervisor.Setup(id, catalog(), new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT),
                PlannerConfig.load(planner), clock, settings, context -> launcher);
    }

    /** A launcher that hands every order to {@code launched} and runs nothing. */
    static Launcher launcher(Consumer<RunOrder> launched) {
        return new Launcher() {
            @Override
            public void launch(RunOrder order) {
                launched.accept(order);
            }

            @Override
            public void cancel(String runId, String reason) {
                // nothing runs for real here
            }
        };
    }

    @BeforeEach
    void newSupervisor() {
        kit = EventSourcedBehaviorTestKit.create(testKit.system(), Supervisor.create(setup(
                PersistenceId.ofUniqueId("catalog-" + UUID.randomUUID()), clock,
                new SupervisorSettings(Duration.ofSeconds(30), 100, 2), launcher(launched::add))));
    }

    private StatusReply<Done> define(String task, String definition) {
        return kit.<StatusReply<Done>>runCommand(r -> new Supervisor.DefineTask(task, definition, "api (alice)", r))
                .reply();
    }

    private List<String> startedOnTick() {
        return kit.runCommand(Supervisor.Tick.INSTANCE).events().stream().filter(RunStarted.class::isInstance)
                .map(e -> ((RunStarted) e).task()).toList();
    }

    @Test
    void a_task_defined_at_run_time_is_journaled_and_planned_at_once() {
        var result = kit.<StatusReply<Done>>runCommand(r -> new Supervisor.DefineTask("archive", ARCHIVE,
                "api (alice)", r));
        assertTrue(result.reply().isSuccess(), result.reply().toString());
        assertEquals(new TaskDefined("archive", CatalogChanges.canonical(ARCHIVE), "api (alice)", EVENING),
                result.event());

        assertEquals(List.of("archive", "backup"), startedOnTick(), "HIGH before MEDIUM");
        RunOrder archive = launched.stream().filter(o -> o.task().name().equals("archive")).findFirst()
                .orElseThrow();
        assertEquals("desk", archive.task().category(), "the catalog file's task-defaults apply");
        assertEquals(Duration.ofMinutes(20), archive.task().estimatedDuration());
        assertInstanceOf(HandlerSpec.Simulated.class, archive.task().handler());
    }

    @Test
    void a_definition_that_breaks_the_catalog_is_refused_with_every_problem_and_nothing_journaled() {
        var result = kit.<StatusReply<Done>>runCommand(r -> new Supervisor.DefineTask("archive",
                "{\"priority\": \"SOON\", \"modes\": [\"RESEARCH\"], \"trigger\": {\"type\": \"hourly\"}, "
                        + "\"dependencies\": [\"archive\"], \"handler\": {\"type\": \"simulated\"}}", "api", r));
        assertTrue(result.hasNoEvents());
        String error = result.reply().getError().getMessage();
        assertTrue(error.startsWith(Supervisor.INVALID_DEFINITION + "archive\": "), error);
        for (String path : List.of("tasks.archive.dependencies[0]", "tasks.archive.priority",
                "tasks.archive.trigger.type")) {
            assertTrue(error.contains(path + ": "), error);
        }
        assertTrue(define("backup", "{\"priority\": \"LOW\", \"modes\": [\"RESEARCH\"], \"trigger\": "
                + "{\"type\": \"manual\"}, \"dependencies\": [\"report\"], \"handler\": {\"type\": \"simulated\"}}")
                .getError().getMessage().contains("dependency cycle"), "a cycle through a configured task");
        assertTrue(define("archive", "{\"priority\": ${HOME}}").isError(), "HOCON substitutions are not read");
        assertTrue(kit.getState().catalogChanges().isEmpty());
    }

    @Test
    void a_task_others_depend_on_cannot_be_removed_and_one_nobody_needs_can() {
        var refused = kit.<StatusReply<Done>>runCommand(r -> new Supervisor.RemoveTask("backup", "api", r));
        assertTrue(refused.hasNoEvents());
        assertEquals("task \"backup\" cannot be removed: report depends on it (tasks.report.dependencies[0])",
                refused.reply().getError().getMessage());

        var removed = kit.<StatusReply<Done>>runCommand(r -> new Supervisor.RemoveTask("report", "api", r));
        assertEquals(new TaskRemoved("report", "api", EVENING), removed.event());
        assertEquals("unknown task \"report\"", kit.<StatusReply<String>>runCommand(r -> new Supervisor.RequestRun(
                "report", Map.of(), "api", r)).reply().getError().getMessage());
        assertEquals("unknown task \"report\"", kit.<StatusReply<Done>>runCommand(r -> new Supervisor.RemoveTask(
                "report", "api", r)).reply().getError().getMessage());
    }

    @Test
    void a_disabled_task_does_not_start_until_it_is_enabled_again() {
        var disabled = kit.<StatusReply<Done>>runCommand(r -> new Supervisor.SetTaskEnabled("backup", false, "bob", r));
        assertEquals(new TaskEnabledChanged("backup", false, "bob", EVENING), disabled.event());
        assertTrue(kit.<StatusReply<Done>>runCommand(r -> new Supervisor.SetTaskEnabled("backup", false, "bob", r))
                .hasNoEvents(), "already disabled: nothing to journal");
        assertEquals(List.of(), startedOnTick());
        assertEquals("task \"backup\" is disabled", kit.<StatusReply<String>>runCommand(
                r -> new Supervisor.RequestRun("backup", Map.of(), "api", r)).reply().getError().getMessage());

        kit.<StatusReply<Done>>runCommand(r -> new Supervisor.SetTaskEnabled("backup", true, "bob", r));
        assertEquals(List.of("backup"), startedOnTick());
        assertEquals("unknown task \"nightly\"", kit.<StatusReply<Done>>runCommand(
                r -> new Supervisor.SetTaskEnabled("nightly", true, "bob", r)).reply().getError().getMessage());
    }

    @Test
    void the_changes_survive_a_restart() {
        assertTrue(define("archive", ARCHIVE).isSuccess());
        kit.<StatusReply<Done>>runCommand(r -> new Supervisor.SetTaskEnabled("backup", false, "bob", r));
        kit.restart();
        CatalogChanges recovered = kit.getState().catalogChanges();
        assertEquals("api (alice)", recovered.definitions().get("archive").by());
        assertFalse(recovered.enabled().get("backup").enabled());
        assertEquals(List.of("archive"), startedOnTick());
    }
}
