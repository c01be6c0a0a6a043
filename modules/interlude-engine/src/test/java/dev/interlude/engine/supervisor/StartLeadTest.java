package dev.interlude.engine.supervisor;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.SettableClock;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The start lead: a start due at a known instant is decided and journaled that long before it, stamped with the
 * instant itself, and handed to the launcher at once (the runner begins its handler at the instant).
 */
class StartLeadTest {

    /** Wednesday 2026-11-18, 20:00 in New York: an overnight research window. */
    private static final Instant EVENING = Instant.parse("2026-11-19T01:00:00Z");
    private static final Instant NEXT_MINUTE = EVENING.plusSeconds(60);
    private static final Duration LEAD = Duration.ofMillis(250);

    private static ActorTestKit testKit;
    private static ManualTime manualTime;

    private final SettableClock clock = new SettableClock(EVENING);
    private final List<RunOrder> launched = new CopyOnWriteArrayList<>();
    private EventSourcedBehaviorTestKit<Supervisor.Command, SupervisorEvent, SupervisorState> kit;

    @BeforeAll
    static void start() {
        Config config = EventSourcedBehaviorTestKit.config()
                .withFallback(ManualTime.config())
                .withFallback(ConfigFactory.load());
        testKit = ActorTestKit.create("start-lead-test", config);
        manualTime = ManualTime.get(testKit.system());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void newSupervisor() {
        TaskCatalog catalog = new TaskCatalog(List.of(
                task("snapshot_positions").trigger(new Trigger.Cron("0 * * * * ?", ZoneId.of("America/New_York")))
                        .maxConcurrentRuns(1).build()));
        Config planner = ConfigFactory.parseString("interlude.planner.memory { source = fixed, fixed-mb = 8192 }")
                .withFallback(ConfigFactory.defaultReference()).resolve();
        Supervisor.Setup setup = new Supervisor.Setup(PersistenceId.ofUniqueId("start-lead-" + UUID.randomUUID()),
                catalog, new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT), PlannerConfig.load(planner),
                clock, new SupervisorSettings(Duration.ofMinutes(5), 100, 2).withStartLead(LEAD),
                context -> new RecordingLauncher(launched, List.of()));
        kit = EventSourcedBehaviorTestKit.create(testKit.system(), Supervisor.create(setup));
        kit.clear();
    }

    /** The run due since the start of the cycle, started and ended at once: the next fire is on the next minute. */
    private void firstRunDone() {
        RunStarted first = (RunStarted) kit.runCommand(Supervisor.Tick.INSTANCE).events().get(0);
        assertEquals(EVENING, first.at());
        kit.runCommand(new Supervisor.RunFinished(first.runId(), 1, "ok"));
        // Decide again now (as the wake-up after an ending would): the next start is a minute away.
        assertTrue(kit.runCommand(Supervisor.Tick.INSTANCE).events().isEmpty());
    }

    @Test
    void the_next_fire_is_decided_the_lead_before_it_and_stamped_with_the_fire_itself() {
        firstRunDone();
        TestProbe<Object> probe = testKit.createTestProbe();

        clock.advance(Duration.ofSeconds(60).minus(LEAD).minusMillis(1));
        manualTime.timePasses(Duration.ofSeconds(60).minus(LEAD).minusMillis(1));
        probe.expectNoMessage(Duration.ofMillis(50));
        assertEquals(1, launched.size(), "not decided before the lead");

        clock.advance(Duration.ofMillis(1));
        manualTime.timePasses(Duration.ofMillis(1));
        probe.awaitAssert(() -> {
            assertEquals(2, launched.size());
            return null;
        });
        RunOrder order = launched.get(1);
        assertEquals(NEXT_MINUTE, order.scheduledAt(), "the runner begins at the fire, not at the decision");
        assertEquals(NEXT_MINUTE.minus(LEAD), clock.instant(), "decided a lead before the fire");
        assertTrue(order.runId().startsWith("snapshot_positions-20261119T010100-"), order.runId());
        assertEquals(NEXT_MINUTE, kit.getState().running().get(order.runId()).startedAt());
    }

    @Test
    void a_decision_for_an_instant_already_past_is_made_for_now() {
        firstRunDone();
        clock.advance(Duration.ofSeconds(61));
        var result = kit.runCommand(new Supervisor.DecideAt(NEXT_MINUTE));
        RunStarted started = (RunStarted) result.events().get(0);
        assertEquals(EVENING.plusSeconds(61), started.at());
        assertEquals(EVENING.plusSeconds(61), launched.get(1).scheduledAt());
    }

    @Test
    void a_wake_up_for_a_change_within_the_lead_of_a_fire_decides_for_the_fire() {
        firstRunDone();
        clock.advance(Duration.ofSeconds(60).minusMillis(100));
        // a plain wake-up (as after a run ended or a request), 100 ms before the next fire
        var result = kit.runCommand(Supervisor.Tick.INSTANCE);
        RunStarted started = (RunStarted) result.events().get(0);
        assertEquals(NEXT_MINUTE, started.at());
        assertEquals(NEXT_MINUTE, launched.get(1).scheduledAt());
    }
}
