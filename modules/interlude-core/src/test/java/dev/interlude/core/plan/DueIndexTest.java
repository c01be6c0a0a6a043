package dev.interlude.core.plan;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a {@link DueIndex} remembers between decisions, and everything that makes it forget. */
class DueIndexTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final TradingWindows WINDOWS = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);
    private static final Resources RESOURCES = new Resources(8192, 4, Map.of());

    private static Instant at(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), NY).toInstant();
    }

    private static TaskCatalog nightly(String name, LocalTime at) {
        return new TaskCatalog(List.of(task(name).phases(Phase.OVERNIGHT).trigger(new Trigger.Daily(at, NY)).build()));
    }

    private static PlanningState state(TaskCatalog catalog, Instant now, DueIndex index) {
        return PlanningState.initial(catalog, WINDOWS.frameAt(now), RESOURCES, PlannerSettings.DEFAULT)
                .withDueIndex(index);
    }

    /** The plan with the index, checked against the plan without it. */
    private static Plan plan(PlanningState state, Instant now) {
        Plan with = Planner.plan(state, now);
        assertEquals(Planner.plan(state.withDueIndex(new DueIndex()), now), with);
        return with;
    }

    private static BlockReason reason(Plan plan, String task) {
        return plan.blockedTask(task).map(Blocked::reason).orElse(null);
    }

    @Test
    void a_trigger_is_asked_once_until_its_next_fire() {
        DueIndex index = new DueIndex();
        TaskCatalog catalog = nightly("scan", LocalTime.of(21, 0));
        Map<String, Instant> ranAtSeven = Map.of("scan", at("2026-11-18T19:00"));
        PlanningState state = state(catalog, at("2026-11-18T20:00"), index).withLastStarted(ranAtSeven);

        assertEquals(BlockReason.NOT_DUE, reason(plan(state, at("2026-11-18T20:00")), "scan"));
        assertEquals(BlockReason.NOT_DUE, reason(plan(state, at("2026-11-18T20:30")), "scan"));
        assertEquals(1, index.asked());
        assertEquals(true, plan(state, at("2026-11-18T21:00")).starts("scan"));
        assertEquals(2, index.asked());
    }

    @Test
    void a_new_last_start_is_never_answered_from_memory() {
        DueIndex index = new DueIndex();
        TaskCatalog catalog = new TaskCatalog(List.of(task("poll").phases(Phase.OVERNIGHT)
                .trigger(new Trigger.Interval(Duration.ofMinutes(15))).build()));
        Instant now = at("2026-11-18T20:00");
        PlanningState state = state(catalog, now, index).withLastStarted(Map.of("poll", at("2026-11-18T19:00")));
        assertEquals(true, plan(state, now).starts("poll"));

        PlanningState started = state.withLastStarted(Map.of("poll", now));
        assertEquals(BlockReason.NOT_DUE, reason(plan(started, now.plusSeconds(60)), "poll"));
    }

    @Test
    void an_equal_map_of_last_starts_keeps_what_it_remembers() {
        DueIndex index = new DueIndex();
        TaskCatalog catalog = nightly("scan", LocalTime.of(21, 0));
        Instant now = at("2026-11-18T20:00");
        PlanningState state = state(catalog, now, index).withLastStarted(Map.of("scan", at("2026-11-18T19:00")));
        plan(state, now);

        plan(state.withLastStarted(Map.of("scan", at("2026-11-18T19:00"))), now.plusSeconds(1));
        assertEquals(1, index.asked());
    }

    @Test
    void a_redefined_task_is_asked_again() {
        DueIndex index = new DueIndex();
        Instant now = at("2026-11-18T22:00");
        Map<String, Instant> ranAtSeven = Map.of("scan", at("2026-11-18T19:00"));
        PlanningState late = state(nightly("scan", LocalTime.of(23, 0)), now, index).withLastStarted(ranAtSeven);
        assertEquals(BlockReason.NOT_DUE, reason(plan(late, now), "scan"));

        PlanningState earlier = late.withCatalog(nightly("scan", LocalTime.of(21, 0)));
        assertEquals(true, plan(earlier, now).starts("scan"));
    }

    @Test
    void a_new_research_window_is_asked_again() {
        DueIndex index = new DueIndex();
        TaskCatalog catalog = new TaskCatalog(List.of(task("sweep").phases(Phase.OVERNIGHT)
                .trigger(new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW)).build()));
        Map<String, Instant> ranTonight = Map.of("sweep", at("2026-11-18T18:30"));
        Instant tonight = at("2026-11-18T23:00");
        PlanningState state = state(catalog, tonight, index).withLastStarted(ranTonight);
        assertEquals(BlockReason.NOT_DUE, reason(plan(state, tonight), "sweep"));

        Instant tomorrowNight = at("2026-11-19T23:00");
        PlanningState next = state.withFrame(WINDOWS.frameAt(tomorrowNight));
        assertEquals(true, plan(next, tomorrowNight).starts("sweep"));
    }

    @Test
    void an_earlier_instant_is_asked_again() {
        DueIndex index = new DueIndex();
        TaskCatalog catalog = nightly("scan", LocalTime.of(21, 0));
        PlanningState state = state(catalog, at("2026-11-18T21:30"), index)
                .withLastStarted(Map.of("scan", at("2026-11-18T19:00")));
        assertEquals(true, plan(state, at("2026-11-18T21:30")).starts("scan"));

        assertEquals(BlockReason.NOT_DUE, reason(plan(state, at("2026-11-18T20:30")), "scan"));
    }
}
