package dev.interlude.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.Completion;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.SettableClock;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.handler.Handlers;
import dev.interlude.engine.runner.RunnerLauncher;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorSettings;
import dev.interlude.engine.supervisor.SupervisorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trading cycle of the shipped desk catalog (Wednesday 2026-11-18, 08:00 to Thursday 08:00 in New York) on
 * virtual time, every task simulated for its estimate, journaled to a real H2 file: what the journal holds after a
 * day, and how long a new supervisor takes to recover from it. The figures are logged and printed.
 */
class DayOnTheJournalTest {

    private static final Logger log = LoggerFactory.getLogger(DayOnTheJournalTest.class);
    private static final Instant CYCLE_START = Instant.parse("2026-11-18T13:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void a_day_of_the_desk_is_journaled_and_recovered(@TempDir Path dir) throws Exception {
        JournalSettings journal = JournalSettings.h2(dir.resolve("journal"));
        // Virtual time jumps a minute at a step: the journal's own timeouts must not fire while a real write is on
        // its way to the file.
        Config timeouts = ConfigFactory.parseString(
                "jdbc-journal { circuit-breaker.call-timeout = 30d, recovery-event-timeout = 30d }\n"
                        + "jdbc-snapshot-store.circuit-breaker.call-timeout = 30d");
        Config config = timeouts.withFallback(Journal.config(journal)).withFallback(ManualTime.config())
                .withFallback(ConfigFactory.load());
        TaskCatalog catalog = CatalogLoader.loadFile(Path.of("../../conf/tasks.conf"), XnysCalendar.ZONE);
        PersistenceId id = PersistenceId.ofUniqueId("day-" + UUID.randomUUID());
        SettableClock clock = new SettableClock(CYCLE_START);

        SupervisorState endOfDay;
        ActorTestKit day = ActorTestKit.create("day", config);
        try {
            Journal.createSchema(day.system()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            ActorRef<Supervisor.Command> supervisor = day.spawn(Supervisor.create(setup(id, catalog, clock, day)));
            ManualTime time = ManualTime.get(day.system());
            TestProbe<SupervisorState> state = day.createTestProbe();
            for (int step = 0; step < 24 * 12; step++) {
                clock.advance(STEP);
                time.timePasses(STEP);
                supervisor.tell(new Supervisor.GetState(state.getRef()));
                state.receiveMessage(WAIT);
            }
            supervisor.tell(new Supervisor.GetState(state.getRef()));
            endOfDay = state.receiveMessage(WAIT);
        } finally {
            day.shutdownTestKit();
        }

        Map<String, Long> byEvent = eventsByType(journal);
        long events = byEvent.values().stream().mapToLong(Long::longValue).sum();
        long bytes = Files.size(dir.resolve("journal.mv.db"));
        Map<String, Long> completed = new TreeMap<>();
        endOfDay.completions().forEach(c -> completed.merge(c.taskName(), 1L, Long::sum));
        report("after one trading cycle: %d events (%s), %d KiB on disk, %d completions %s, %d in flight",
                events, byEvent, bytes / 1024, endOfDay.completions().size(), completed, endOfDay.running().size());

        assertTrue(completed.containsKey("reconcile_positions"), completed.toString());
        assertTrue(completed.containsKey("calculate_pnl"), completed.toString());
        Completion reconcile = first(endOfDay, "reconcile_positions");
        Completion pnl = first(endOfDay, "calculate_pnl");
        assertFalse(pnl.startedAt().isBefore(reconcile.finishedAt()), "P&L waits for the reconciliation");

        ActorTestKit next = ActorTestKit.create("next-day", config);
        try {
            long started = System.nanoTime();
            ActorRef<Supervisor.Command> supervisor = next.spawn(Supervisor.create(setup(id, catalog, clock, next)));
            TestProbe<SupervisorState> state = next.createTestProbe();
            supervisor.tell(new Supervisor.GetState(state.getRef()));
            SupervisorState recovered = state.receiveMessage(WAIT);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            report("recovery from that journal: %d ms to the first answer", millis);
            assertEquals(endOfDay.completions(), recovered.completions());
            assertEquals(endOfDay.durations(), recovered.durations());
        } finally {
            next.shutdownTestKit();
        }
    }

    private static Supervisor.Setup setup(PersistenceId id, TaskCatalog catalog, SettableClock clock,
                                          ActorTestKit kit) {
        Handlers handlers = Handlers.create(kit.system(), HandlerRegistry.empty());
        Config planner = ConfigFactory.parseString("interlude.planner.memory { source = fixed, fixed-mb = 16384 }")
                .withFallback(ConfigFactory.defaultReference()).resolve();
        return new Supervisor.Setup(id, catalog, new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT),
                PlannerConfig.load(planner), clock, new SupervisorSettings(Duration.ofSeconds(30), 100, 2),
                context -> new RunnerLauncher(context,
                        task -> handlers.handlerFor(new HandlerSpec.Simulated(Optional.empty(), 0.0)), clock));
    }

    private static Completion first(SupervisorState state, String task) {
        return state.completions().stream().filter(c -> c.taskName().equals(task)).findFirst().orElseThrow();
    }

    /** Events in the journal by their class, read straight from the H2 file. */
    private static Map<String, Long> eventsByType(JournalSettings journal) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(Journal.h2Url(journal.h2()), "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select \"event_ser_manifest\", count(*) from \"event_journal\" group by \"event_ser_manifest\"")) {
            while (rows.next()) {
                String manifest = rows.getString(1);
                counts.put(manifest.substring(manifest.lastIndexOf('$') + 1), rows.getLong(2));
            }
        }
        return counts;
    }

    private static void report(String format, Object... args) {
        String line = String.format(format, args);
        log.info(line);
        System.out.println("[day on the journal] " + line);
    }
}
