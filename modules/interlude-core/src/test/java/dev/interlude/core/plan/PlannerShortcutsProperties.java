package dev.interlude.core.plan;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.TaskSpecBuilder;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The planner's shortcuts change nothing: a long queue costs it only the requests that can start (the plan that
 * considers the oldest few requests of each task is exactly the plan that considers every one), and it orders only
 * the candidates that can still start (the plan is the one a sort of every candidate gives), whatever the limits
 * (the task's own, its category's, the global concurrency, memory, conflicts, the budget) and whatever is in flight.
 */
class PlannerShortcutsProperties {

    private static final TradingWindows WINDOWS = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);
    /** Wednesday 2026-11-18, 20:00 in New York: an overnight research window. */
    private static final Instant EVENING = Instant.parse("2026-11-19T01:00:00Z");
    private static final List<String> CATEGORIES = List.of("data", "research", "ops");

    @Property(tries = 300)
    void the_plan_over_the_requests_that_matter_is_the_plan_over_all(@ForAll long seed) {
        Random random = new Random(seed);
        Instant now = EVENING.plusSeconds(random.nextInt(3600));
        PlanningState state = desk(random, now, 8, 4, 200);
        assertEquals(Planner.plan(state, now, false), Planner.plan(state, now, true), "seed " + seed);
    }

    /**
     * Many tasks, a few requests each, memory that runs out (in two tries of three every task needs some) or run
     * slots that do: ordering only until nothing more fits gives the plan a sort of every candidate gives, each
     * waiting task with the reason and the sentence of its first candidate.
     */
    @Property(tries = 300)
    void the_plan_ordered_until_nothing_fits_is_the_plan_ordered_in_full(@ForAll long seed) {
        Random random = new Random(seed);
        Instant now = EVENING.plusSeconds(random.nextInt(3600));
        PlanningState state = desk(random, now, 60, random.nextInt(3) == 0 ? 4 : Integer.MAX_VALUE, 120);
        assertEquals(Planner.plan(state, now, false), Planner.plan(state, now, true), "seed " + seed);
    }

    /**
     * At {@code now}: up to {@code maxTasks} manual tasks (one in {@code noMemoryOneIn} needs no memory), random
     * limits and runs in flight, and up to {@code maxRequests} requests in the order asked.
     */
    private static PlanningState desk(Random random, Instant now, int maxTasks, int noMemoryOneIn, int maxRequests) {
        int tasks = 1 + random.nextInt(maxTasks);
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            TaskSpecBuilder b = task("t" + i).trigger(new Trigger.Manual())
                    .category(CATEGORIES.get(random.nextInt(CATEGORIES.size())))
                    .memoryMb(random.nextInt(noMemoryOneIn) == 0 ? 0 : 100 * (1 + random.nextInt(20)))
                    .maxConcurrentRuns(1 + random.nextInt(12))
                    .estimate(Duration.ofMinutes(1 + random.nextInt(random.nextInt(8) == 0 ? 2000 : 120)));
            if (i > 0 && random.nextInt(5) == 0) {
                b.conflictsWith("t" + random.nextInt(i));
            }
            specs.add(b.build());
        }
        TaskCatalog catalog = new TaskCatalog(specs);
        Map<String, Integer> perCategory = new HashMap<>();
        for (String c : CATEGORIES) {
            if (random.nextBoolean()) {
                perCategory.put(c, 1 + random.nextInt(10));
            }
        }
        // half the budgets a multiple of the tasks' 100 MB steps, so runs can fill the memory exactly
        int memoryBudgetMb = random.nextBoolean() ? 100 * (5 + random.nextInt(80)) : 500 + random.nextInt(8000);
        Resources resources = new Resources(memoryBudgetMb, 1 + random.nextInt(30), perCategory);
        List<RunningRun> running = new ArrayList<>();
        for (int r = random.nextInt(6); r > 0; r--) {
            TaskSpec spec = specs.get(random.nextInt(tasks));
            running.add(new RunningRun("run-" + r, spec.name(), spec.category(), spec.memoryMb(),
                    EVENING.minusSeconds(60)));
        }
        List<RunRequest> requests = new ArrayList<>();
        int asked = random.nextInt(maxRequests);
        for (int k = 0; k < asked; k++) {
            // in the order asked, as the supervisor's queue is; some asked at the same instant, some hours ago
            Instant at = EVENING.minusSeconds(4L * 3600 * (asked - k) / Math.max(1, asked)).minusMillis(
                    random.nextInt(3) == 0 ? 0 : 1);
            requests.add(new RunRequest("req-" + k, "t" + random.nextInt(tasks), Map.of("k", "" + k), at, "ops"));
        }
        requests.sort((a, b) -> a.requestedAt().compareTo(b.requestedAt()));
        return PlanningState.initial(catalog, WINDOWS.frameAt(now), resources, PlannerSettings.DEFAULT)
                .withRunning(running).withRequests(requests);
    }

    @Test
    void ten_thousand_requests_of_one_task_start_its_three_oldest_and_then_wait_for_concurrency() {
        TaskCatalog catalog = new TaskCatalog(List.of(task("backfill").trigger(new Trigger.Manual())
                .maxConcurrentRuns(3).memoryMb(0).build()));
        List<RunRequest> requests = new ArrayList<>();
        for (int k = 0; k < 10_000; k++) {
            requests.add(new RunRequest("req-" + k, "backfill", Map.of(), EVENING.plusMillis(k), "ops"));
        }
        Instant now = EVENING.plusSeconds(60);
        PlanningState state = PlanningState.initial(catalog, WINDOWS.frameAt(now),
                new Resources(8192, 100, Map.of()), PlannerSettings.DEFAULT).withRequests(requests);
        Plan plan = Planner.plan(state, now);
        assertEquals(List.of("req-0", "req-1", "req-2"),
                plan.starts().stream().map(s -> s.requestId().orElseThrow()).toList());
        assertEquals(Planner.plan(state, now, false), plan);

        List<RunningRun> three = List.of(new RunningRun("a", "backfill", "research", 0, now),
                new RunningRun("b", "backfill", "research", 0, now), new RunningRun("c", "backfill", "research", 0, now));
        Plan full = Planner.plan(state.withRunning(three), now);
        assertEquals(List.of(), full.starts());
        assertEquals(BlockReason.OVER_CONCURRENCY, full.blocked().get(0).reason());
        assertEquals("3 of 3 runs of this task in flight", full.blocked().get(0).detail());
        assertEquals(Planner.plan(state.withRunning(three), now, false), full);
    }
}
