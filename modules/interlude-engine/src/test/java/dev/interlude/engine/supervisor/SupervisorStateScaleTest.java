package dev.interlude.engine.supervisor;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.plan.Plan;
import dev.interlude.core.plan.Planner;
import dev.interlude.core.plan.PlannerSettings;
import dev.interlude.core.plan.Resources;
import dev.interlude.core.plan.Start;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.supervisor.SupervisorEvent.RunQueued;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunSucceeded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's state at the sizes a busy desk reaches: completions stay bounded while planning still knows every
 * task's last success, and a snapshot of a large state reads back equal, in order, and still cheap to change.
 */
class SupervisorStateScaleTest {

    private static final Instant T0 = Instant.parse("2026-11-18T23:00:00Z"); // a Wednesday, 18:00 New York
    private static final TradingWindows WINDOWS = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("state-scale-test", ConfigFactory.load());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static RunStarted started(String runId, String task, Instant at) {
        return new RunStarted(runId, task, 1, Start.Cause.TRIGGER, Optional.empty(), Map.of(), "data", 0,
                Duration.ofSeconds(1), at);
    }

    @Test
    void completions_stay_bounded_and_a_dependency_that_succeeded_long_before_still_counts() {
        TaskCatalog catalog = new TaskCatalog(List.of(
                task("refresh_eod_data").build(),
                task("noise").maxConcurrentRuns(1).build(),
                task("calculate_pnl").dependsOn("refresh_eod_data").build()));
        SupervisorState state = SupervisorState.empty()
                .apply(started("eod-1", "refresh_eod_data", T0))
                .apply(new RunSucceeded("eod-1", "refresh_eod_data", 1, "ok", T0.plusSeconds(1)));
        int runs = SupervisorState.MAX_COMPLETIONS + 500;
        for (int i = 0; i < runs; i++) {
            Instant at = T0.plusSeconds(2).plusMillis(i);
            state = state.apply(started("noise-" + i, "noise", at))
                    .apply(new RunSucceeded("noise-" + i, "noise", 1, "ok", at));
        }
        assertEquals(SupervisorState.MAX_COMPLETIONS, state.completions().size());
        assertTrue(state.completions().stream().noneMatch(c -> c.runId().equals("eod-1")), "the oldest went first");
        assertEquals("noise-" + (runs - 1), state.completions().get(state.completions().size() - 1).runId());
        assertEquals("eod-1", state.lastSucceeded().get("refresh_eod_data").runId());

        Instant now = T0.plusSeconds(60);
        Plan plan = Planner.plan(state.toPlanningState(catalog, WINDOWS.frameAt(now), new Resources(8192, 8, Map.of()),
                PlannerSettings.DEFAULT, now), now);
        assertFalse(plan.blocked().stream().anyMatch(b -> b.taskName().equals("calculate_pnl")
                && b.reason() == BlockReason.DEPENDENCY_PENDING), "the dependency succeeded in this cycle: " + plan);
    }

    @Test
    void a_snapshot_of_a_large_state_reads_back_equal_in_order_and_can_still_change() {
        SupervisorState state = SupervisorState.empty();
        for (int i = 0; i < 20_000; i++) {
            // request ids whose order as strings differs from the order asked in
            String id = "req-" + (20_000 - i);
            state = state.apply(new RunQueued(id, "noise", Map.of(), "bench", T0.plusMillis(i)));
        }
        for (int i = 0; i < 1_000; i++) {
            state = state.apply(started("run-" + i, "noise", T0.plusSeconds(30)));
        }
        SerializationTestKit serialization = new SerializationTestKit(testKit.system());
        SupervisorState back = (SupervisorState) serialization.verifySerialization(state, true);
        assertEquals(state, back);
        assertEquals(new ArrayList<>(state.requests().keySet()), new ArrayList<>(back.requests().keySet()));
        assertEquals("req-20000", back.requests().keySet().iterator().next());

        SupervisorState next = back.apply(new RunQueued("req-0", "noise", Map.of(), "bench", T0.plusSeconds(40)))
                .apply(new RunSucceeded("run-7", "noise", 1, "ok", T0.plusSeconds(41)));
        assertEquals(20_001, next.requests().size());
        assertEquals("req-0", new ArrayList<>(next.requests().keySet()).get(20_000), "asked last, planned last");
        assertEquals(999, next.running().size());
        assertEquals(20_000, back.requests().size(), "the snapshot read back is not changed by what follows");
    }

    @Test
    void a_snapshot_written_before_last_successes_were_kept_derives_them_from_its_completions() {
        SupervisorState state = SupervisorState.empty()
                .apply(started("a-1", "refresh_eod_data", T0))
                .apply(new RunSucceeded("a-1", "refresh_eod_data", 1, "ok", T0.plusSeconds(5)))
                .apply(started("a-2", "refresh_eod_data", T0.plusSeconds(10)))
                .apply(new RunSucceeded("a-2", "refresh_eod_data", 1, "ok", T0.plusSeconds(15)));
        SupervisorState older = new SupervisorState(state.running(), state.completions(), state.lastStarted(),
                state.requests(), state.retries(), state.approvals(), state.denials(), state.awaiting(), state.stop(),
                state.durations(), state.catalogChanges(), null);
        assertEquals("a-2", older.lastSucceeded().get("refresh_eod_data").runId());
        assertEquals(state, older);
    }

    @Test
    void runs_in_flight_and_retries_reach_the_planner_in_run_id_order() {
        SupervisorState state = SupervisorState.empty();
        for (String id : List.of("c", "a", "b")) {
            state = state.apply(started(id, "noise", T0));
        }
        Instant now = T0.plusSeconds(1);
        TaskCatalog catalog = new TaskCatalog(List.of(task("noise").trigger(new Trigger.Manual()).build()));
        List<String> order = state.toPlanningState(catalog, WINDOWS.frameAt(now), new Resources(8192, 8, Map.of()),
                PlannerSettings.DEFAULT, now).running().stream().map(r -> r.runId()).toList();
        assertEquals(List.of("a", "b", "c"), order);
    }
}
