package dev.interlude.engine;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.Completion;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole node on one machine: it joins itself as a cluster, starts the supervisor as the singleton once the journal
 * is ready, and the supervisor runs a simulated task to completion through a runner.
 */
class NodeTest {

    /** Wednesday 2026-11-18, 20:00 in New York: an overnight research window. */
    private static final Instant EVENING = Instant.parse("2026-11-19T01:00:00Z");
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        Config base = ConfigFactory.parseString("interlude.node.port = 0")
                .withFallback(ConfigFactory.load());
        Config config = Node.systemConfig(base)
                .withFallback(PersistenceTestKitPlugin.getInstance().config())
                .withFallback(PersistenceTestKitSnapshotPlugin.config())
                .withFallback(base);
        testKit = ActorTestKit.create("interlude", config);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void a_node_joins_itself_and_its_supervisor_runs_a_due_task_to_completion() {
        SettableClock clock = new SettableClock(EVENING);
        TaskCatalog catalog = new TaskCatalog(List.of(task("backup_databases")
                .phases(Phase.OVERNIGHT).trigger(new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW))
                .handler(new HandlerSpec.Simulated(Optional.of(Duration.ofMillis(50)), 0.0))
                .build()));
        Config planner = ConfigFactory.parseString("interlude.planner.memory { source = fixed, fixed-mb = 8192 }")
                .withFallback(ConfigFactory.defaultReference()).resolve();
        Node.Setup setup = new Node.Setup(catalog, new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT),
                PlannerConfig.load(planner), clock, HandlerRegistry.empty(),
                system -> CompletableFuture.completedFuture(org.apache.pekko.Done.getInstance()));
        ActorRef<Node.Command> node = testKit.spawn(Node.create(setup), "node");

        TestProbe<ActorRef<Supervisor.Command>> supervisorProbe = testKit.createTestProbe();
        node.tell(new Node.GetSupervisor(supervisorProbe.getRef()));
        ActorRef<Supervisor.Command> supervisor = supervisorProbe.receiveMessage(Duration.ofSeconds(20));

        TestProbe<ActorRef<StatusHub.Command>> hubProbe = testKit.createTestProbe();
        node.tell(new Node.GetStatusHub(hubProbe.getRef()));
        TestProbe<StatusEvent> feed = testKit.createTestProbe();
        hubProbe.receiveMessage(Duration.ofSeconds(20)).tell(new StatusHub.Subscribe(feed.getRef(), Optional.of(0L)));

        TestProbe<SupervisorState> state = testKit.createTestProbe();
        state.awaitAssert(Duration.ofSeconds(20), () -> {
            supervisor.tell(new Supervisor.GetState(state.getRef()));
            SupervisorState s = state.receiveMessage(Duration.ofSeconds(3));
            assertEquals(List.of("backup_databases"),
                    s.completions().stream().map(Completion::taskName).toList());
            assertTrue(s.completions().get(0).succeeded());
            return null;
        });
        List<String> types = new java.util.ArrayList<>();
        long previous = -1;
        while (!types.contains("run_succeeded")) {
            StatusEvent event = feed.receiveMessage(Duration.ofSeconds(20));
            assertTrue(event.sequence() > previous, "sequence numbers only go up");
            previous = event.sequence();
            types.add(event.type());
        }
        assertTrue(types.containsAll(List.of("phase_changed", "run_started", "run_succeeded")), types.toString());
    }
}
