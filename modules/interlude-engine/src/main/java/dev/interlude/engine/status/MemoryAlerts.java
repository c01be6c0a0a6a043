package dev.interlude.engine.status;

import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.plan.Blocked;
import dev.interlude.core.plan.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The memory alert rule: a task blocked with {@link BlockReason#NOT_ENOUGH_MEMORY} in {@code after} consecutive
 * plans raises one {@code alert} (and only one, however long it stays blocked); the rule re-arms for that task once
 * a plan no longer blocks it on memory (it started, or waits for something else).
 *
 * <p>An immutable tracker: {@link #next(Plan)} answers the tracker for the following plan and the alerts to publish.
 * The alert's {@code task} is the task; its details are {@code alert} ({@code memory}), {@code reason}
 * ({@code not_enough_memory}), {@code count} (the consecutive plans, {@code after} when it fires), {@code since}
 * (the instant of the first of them) and {@code detail} (the planner's sentence: how much the task needs, how much is
 * free).
 */
public final class MemoryAlerts {

    /** The {@code alert} detail of memory alerts. */
    public static final String KIND = "memory";

    private record Streak(int count, Instant since, boolean alerted) {
    }

    /** The tracker for the next plan, and the alerts this plan raised (in the plan's order of blocked tasks). */
    public record Step(MemoryAlerts tracker, List<StatusUpdate> alerts) {
        public Step {
            Objects.requireNonNull(tracker, "tracker");
            alerts = List.copyOf(alerts);
        }
    }

    private final int after;
    private final Map<String, Streak> streaks;

    private MemoryAlerts(int after, Map<String, Streak> streaks) {
        this.after = after;
        this.streaks = streaks;
    }

    /** A tracker that alerts after {@code after} consecutive plans (at least 1) blocking a task on memory. */
    public static MemoryAlerts create(int after) {
        if (after < 1) {
            throw new IllegalArgumentException("memory-alert-after must be at least 1: " + after);
        }
        return new MemoryAlerts(after, Map.of());
    }

    /** Counts this plan in, and says which tasks just reached the threshold. */
    public Step next(Plan plan) {
        Objects.requireNonNull(plan, "plan");
        Map<String, Streak> next = new HashMap<>();
        List<StatusUpdate> alerts = new ArrayList<>();
        for (Blocked blocked : plan.blocked()) {
            if (blocked.reason() != BlockReason.NOT_ENOUGH_MEMORY || next.containsKey(blocked.taskName())) {
                continue;
            }
            Streak before = streaks.get(blocked.taskName());
            int count = before == null ? 1 : saturatedIncrement(before.count());
            Instant since = before == null ? plan.at() : before.since();
            boolean alerted = before != null && before.alerted();
            if (!alerted && count >= after) {
                alerts.add(alert(plan.at(), blocked, count, since));
                alerted = true;
            }
            next.put(blocked.taskName(), new Streak(count, since, alerted));
        }
        return new Step(new MemoryAlerts(after, Map.copyOf(next)), alerts);
    }

    /** How many consecutive plans so far have blocked {@code task} on memory (0 when the last one did not). */
    public int streak(String task) {
        return Optional.ofNullable(streaks.get(task)).map(Streak::count).orElse(0);
    }

    /** The threshold. */
    public int after() {
        return after;
    }

    private static int saturatedIncrement(int count) {
        return count == Integer.MAX_VALUE ? count : count + 1;
    }

    private static StatusUpdate alert(Instant at, Blocked blocked, int count, Instant since) {
        return StatusUpdate.ofTask(at, StatusType.ALERT, blocked.taskName(), Map.of(
                "alert", KIND,
                "reason", BlockReason.NOT_ENOUGH_MEMORY.id(),
                "count", Integer.toString(count),
                "since", since.toString(),
                "detail", StatusEvents.safeReason(blocked.detail())));
    }
}
