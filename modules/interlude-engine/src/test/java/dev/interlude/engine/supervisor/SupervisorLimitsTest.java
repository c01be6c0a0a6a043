package dev.interlude.engine.supervisor;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.Priority;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.SettableClock;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planner's limits held by the running supervisor, decision after decision, as runs end: priority order, a
 * dependency chain, a conflict, a memory budget and a concurrency limit, all at once.
 */
class SupervisorLimitsTest {

    /** Wednesday 2026-11-18, 20:00 in New York: an overnight research window. */
    private static final Instant EVENING = Instant.parse("2026-11-19T01:00:00Z");
    private static final Trigger EACH_WINDOW = new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW);
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("limits-test", EventSourcedBehaviorTestKit.config()
                .withFallback(ManualTime.config()).withFallback(ConfigFactory.load()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void priority_dependencies_conflicts_memory_and_concurrency_hold_as_runs_end() {
        TaskCatalog catalog = new TaskCatalog(List.of(
                task("refresh_eod_data").priority(Priority.HIGH).memoryMb(1500).phases(Phase.OVERNIGHT)
                        .trigger(EACH_WINDOW).conflictsWith("run_nightly_research").build(),
                task("run_nightly_research").priority(Priority.MEDIUM).memoryMb(3000).phases(Phase.OVERNIGHT)
                        .trigger(EACH_WINDOW).dependsOn("refresh_eod_data").build(),
                task("backup_databases").priority(Priority.LOW).memoryMb(1000).phases(Phase.OVERNIGHT)
                        .trigger(EACH_WINDOW).build(),
                task("rebuild_indexes").priority(Priority.LOW).memoryMb(2500).phases(Phase.OVERNIGHT)
                        .trigger(EACH_WINDOW).build(),
                task("cleanup_logs").priority(Priority.BACKGROUND).memoryMb(100).phases(Phase.OVERNIGHT)
                        .trigger(EACH_WINDOW).build()));
        Config planner = ConfigFactory.parseString("interlude.planner { max-concurrent-runs = 2, "
                        + "memory { source = fixed, fixed-mb = 4096 } }")
                .withFallback(ConfigFactory.defaultReference()).resolve();
        SettableClock clock = new SettableClock(EVENING);
        Supervisor.Setup setup = new Supervisor.Setup(PersistenceId.ofUniqueId("limits-" + UUID.randomUUID()),
                catalog, new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT), PlannerConfig.load(planner),
                clock, new SupervisorSettings(Duration.ofSeconds(30), 100, 2), context -> new Launcher() {
                    @Override
                    public void launch(RunOrder order) {
                    }

                    @Override
                    public void cancel(String runId, String reason) {
                    }
                });
        var kit = EventSourcedBehaviorTestKit.<Supervisor.Command, SupervisorEvent, SupervisorState>create(
                testKit.system(), Supervisor.create(setup));

        List<List<String>> rounds = new java.util.ArrayList<>();
        Set<String> finished = new HashSet<>();
        for (int round = 0; round < 6 && finished.size() < catalog.size(); round++) {
            List<RunStarted> started = kit.runCommand(Supervisor.Tick.INSTANCE).events().stream()
                    .filter(RunStarted.class::isInstance).map(RunStarted.class::cast).collect(Collectors.toList());
            rounds.add(started.stream().map(RunStarted::task).collect(Collectors.toList()));
            SupervisorState state = kit.getState();
            assertTrue(state.running().size() <= 2, "at most 2 runs in flight: " + state.running().keySet());
            assertTrue(state.running().values().stream().mapToInt(SupervisorState.RunningRecord::memoryMb).sum()
                    <= 4096, "within 4096 MB: " + state.running().values());
            Set<String> inFlight = state.running().values().stream().map(SupervisorState.RunningRecord::task)
                    .collect(Collectors.toSet());
            assertTrue(!(inFlight.contains("refresh_eod_data") && inFlight.contains("run_nightly_research")),
                    "conflicting tasks never run together");
            if (inFlight.contains("run_nightly_research")) {
                assertTrue(finished.contains("refresh_eod_data"), "research runs after its data");
            }
            clock.advance(Duration.ofMinutes(10));
            for (SupervisorState.RunningRecord run : state.running().values()) {
                kit.runCommand(new Supervisor.RunFinished(run.runId(), run.attempt(), "ok"));
                finished.add(run.task());
            }
        }
        // Round 1: HIGH first; research waits for its data (and conflicts with it); the 2-run limit leaves the rest.
        // Round 2: research (3000 MB) leaves no room for rebuild_indexes (2500 MB), but cleanup_logs (100 MB) fits.
        assertEquals(List.of(
                List.of("refresh_eod_data", "backup_databases"),
                List.of("run_nightly_research", "cleanup_logs"),
                List.of("rebuild_indexes")), rounds.subList(0, 3), rounds.toString());
        assertEquals(catalog.names().stream().collect(Collectors.toSet()), finished);
    }
}
