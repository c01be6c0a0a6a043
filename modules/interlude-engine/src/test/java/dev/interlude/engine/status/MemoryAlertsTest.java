package dev.interlude.engine.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.plan.Blocked;
import dev.interlude.core.plan.Plan;
import dev.interlude.core.window.TimeFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The memory alert rule, plan after plan. */
class MemoryAlertsTest {

    private static final Instant START = Frames.ny("2026-11-18T20:00");
    private static final TimeFrame FRAME = Frames.WINDOWS.frameAt(START);
    private static final String NEEDS = "needs 4096 MB, 1024 MB of 8192 MB free";

    private int planNumber;

    /** The next plan, 30 s after the previous one, blocking each task with the given reason. */
    private Plan plan(Map<String, BlockReason> blocked) {
        Instant at = START.plus(Duration.ofSeconds(30L * planNumber++));
        List<Blocked> list = new ArrayList<>();
        blocked.forEach((task, reason) -> list.add(new Blocked(task, reason,
                reason == BlockReason.NOT_ENOUGH_MEMORY ? NEEDS : reason.label(), Optional.empty())));
        list.sort((a, b) -> a.taskName().compareTo(b.taskName()));
        return new Plan(at, FRAME, List.of(), list, at.plusSeconds(30));
    }

    private static Map<String, BlockReason> memory(String... tasks) {
        Map<String, BlockReason> blocked = new java.util.TreeMap<>();
        for (String task : tasks) {
            blocked.put(task, BlockReason.NOT_ENOUGH_MEMORY);
        }
        return blocked;
    }

    /** Feeds the plans in order; answers the alerts of each. */
    private List<List<StatusUpdate>> run(MemoryAlerts tracker, List<Map<String, BlockReason>> plans) {
        List<List<StatusUpdate>> alerts = new ArrayList<>();
        MemoryAlerts current = tracker;
        for (Map<String, BlockReason> blocked : plans) {
            MemoryAlerts.Step step = current.next(plan(blocked));
            alerts.add(step.alerts());
            current = step.tracker();
        }
        return alerts;
    }

    private static List<Map<String, BlockReason>> times(int n, Map<String, BlockReason> blocked) {
        return java.util.Collections.nCopies(n, blocked);
    }

    private static List<Map<String, BlockReason>> concat(List<Map<String, BlockReason>> a,
                                                         List<Map<String, BlockReason>> b) {
        List<Map<String, BlockReason>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int count(List<List<StatusUpdate>> alerts) {
        return alerts.stream().mapToInt(List::size).sum();
    }

    @Test
    void the_fifth_consecutive_plan_blocked_on_memory_raises_one_alert() {
        List<List<StatusUpdate>> alerts = run(MemoryAlerts.create(5), times(5, memory("train_model")));
        assertEquals(List.of(0, 0, 0, 0, 1), alerts.stream().map(List::size).toList());
        StatusUpdate alert = alerts.get(4).get(0);
        assertEquals("alert", alert.type());
        assertEquals(Optional.of("train_model"), alert.task());
        assertEquals(START.plus(Duration.ofMinutes(2)), alert.at());
        assertEquals(Map.of("alert", "memory", "reason", "not_enough_memory", "count", "5",
                "since", START.toString(), "detail", NEEDS), alert.details());
    }

    @Test
    void a_task_still_blocked_on_memory_does_not_alert_again() {
        List<List<StatusUpdate>> alerts = run(MemoryAlerts.create(5), times(50, memory("train_model")));
        assertEquals(1, count(alerts));
        assertEquals(1, alerts.get(4).size());
    }

    @Test
    void the_rule_rearms_once_the_task_is_not_blocked_on_memory() {
        List<Map<String, BlockReason>> plans = concat(times(6, memory("train_model")),
                concat(times(1, Map.of("train_model", BlockReason.OVER_CONCURRENCY)),
                        times(5, memory("train_model"))));
        List<List<StatusUpdate>> alerts = run(MemoryAlerts.create(5), plans);
        assertEquals(2, count(alerts));
        assertEquals(1, alerts.get(4).size());
        assertEquals(1, alerts.get(11).size());
        assertEquals(START.plus(Duration.ofSeconds(30 * 7)).toString(), alerts.get(11).get(0).details().get("since"));
    }

    @Test
    void a_task_that_starts_rearms_the_rule_too() {
        List<Map<String, BlockReason>> plans = concat(times(5, memory("train_model")),
                concat(times(1, Map.of()), times(5, memory("train_model"))));
        assertEquals(2, count(run(MemoryAlerts.create(5), plans)));
    }

    @Test
    void an_interrupted_streak_starts_over() {
        List<Map<String, BlockReason>> plans = concat(times(4, memory("train_model")),
                concat(times(1, Map.of("train_model", BlockReason.WRONG_PHASE)), times(4, memory("train_model"))));
        MemoryAlerts tracker = MemoryAlerts.create(5);
        assertEquals(0, count(run(tracker, plans)));
    }

    @Test
    void each_task_has_its_own_streak() {
        List<Map<String, BlockReason>> plans = concat(times(3, memory("a")), times(3, memory("a", "b")));
        List<List<StatusUpdate>> alerts = run(MemoryAlerts.create(5), concat(plans, times(2, memory("a", "b"))));
        assertEquals(Optional.of("a"), alerts.get(4).get(0).task());
        assertEquals(Optional.of("b"), alerts.get(7).get(0).task());
        assertEquals(2, count(alerts));
    }

    @Test
    void the_tracker_is_immutable_and_counts_the_streak() {
        MemoryAlerts start = MemoryAlerts.create(3);
        MemoryAlerts.Step first = start.next(plan(memory("a")));
        MemoryAlerts.Step second = first.tracker().next(plan(memory("a")));
        assertEquals(0, start.streak("a"));
        assertEquals(1, first.tracker().streak("a"));
        assertEquals(2, second.tracker().streak("a"));
        assertEquals(1, second.tracker().next(plan(memory("a"))).alerts().size());
        assertEquals(0, first.tracker().next(plan(Map.of())).tracker().streak("a"));
    }

    @Test
    void a_threshold_of_one_alerts_on_the_first_plan() {
        assertEquals(1, MemoryAlerts.create(1).next(plan(memory("a"))).alerts().size());
    }

    @Test
    void rejects_a_threshold_below_one() {
        assertThrows(IllegalArgumentException.class, () -> MemoryAlerts.create(0));
    }
}
