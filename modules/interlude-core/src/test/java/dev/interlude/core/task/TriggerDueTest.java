package dev.interlude.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.window.BudgetType;
import dev.interlude.core.window.ResearchWindow;
import dev.interlude.core.window.TradingCycle;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * When each trigger type is due ({@link Trigger#dueSince}) and, in one evaluation, due since when or else next fire
 * when ({@link Trigger#due}). Trading day Tuesday 2026-06-09: its cycle runs from 08:00 (the previous research
 * window's end) to Wednesday 08:00; its research window from 18:00 to Wednesday 08:00.
 */
class TriggerDueTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalDate TUESDAY = LocalDate.of(2026, 6, 9);
    private static final TradingCycle CYCLE = new TradingCycle(TUESDAY, at(TUESDAY, 8, 0), at(TUESDAY.plusDays(1), 8, 0));
    private static final ResearchWindow WINDOW =
            new ResearchWindow(at(TUESDAY, 18, 0), at(TUESDAY.plusDays(1), 8, 0), BudgetType.OVERNIGHT);
    private static final TriggerContext DAYTIME = new TriggerContext(NEW_YORK, CYCLE, Optional.empty());
    private static final TriggerContext NIGHT = new TriggerContext(NEW_YORK, CYCLE, Optional.of(WINDOW));
    private static final Optional<Instant> NEVER = Optional.empty();

    @Test
    void daily_never_started_is_due_once_its_time_passed_in_this_cycle() {
        Trigger daily = new Trigger.Daily(LocalTime.of(18, 30), NEW_YORK);

        assertEquals(Optional.empty(), daily.dueSince(NEVER, instant(TUESDAY, 18, 0), DAYTIME));
        assertEquals(Optional.of(instant(TUESDAY, 18, 30)), daily.dueSince(NEVER, instant(TUESDAY, 19, 0), NIGHT));
    }

    @Test
    void daily_started_after_its_fire_is_not_due_again_until_the_next_day() {
        Trigger daily = new Trigger.Daily(LocalTime.of(18, 30), NEW_YORK);
        Optional<Instant> ranTonight = Optional.of(instant(TUESDAY, 18, 31));

        assertEquals(Optional.empty(), daily.dueSince(ranTonight, instant(TUESDAY, 23, 0), NIGHT));
    }

    @Test
    void daily_started_yesterday_is_due_since_todays_fire() {
        Trigger daily = new Trigger.Daily(LocalTime.of(18, 30), NEW_YORK);
        Optional<Instant> ranYesterday = Optional.of(instant(TUESDAY.minusDays(1), 18, 35));

        assertEquals(Optional.of(instant(TUESDAY, 18, 30)), daily.dueSince(ranYesterday, instant(TUESDAY, 20, 0), NIGHT));
    }

    @Test
    void daily_that_fired_before_this_cycle_began_is_not_due_for_a_never_started_task() {
        Trigger daily = new Trigger.Daily(LocalTime.of(7, 0), NEW_YORK);

        assertEquals(Optional.empty(), daily.dueSince(NEVER, instant(TUESDAY, 12, 0), DAYTIME));
    }

    @Test
    void weekly_is_due_on_its_days_only() {
        Trigger tuesdays = new Trigger.Weekly(Set.of(DayOfWeek.TUESDAY), LocalTime.of(8, 15), NEW_YORK);
        Trigger mondays = new Trigger.Weekly(Set.of(DayOfWeek.MONDAY), LocalTime.of(8, 15), NEW_YORK);

        assertEquals(Optional.of(instant(TUESDAY, 8, 15)), tuesdays.dueSince(NEVER, instant(TUESDAY, 9, 0), DAYTIME));
        assertEquals(Optional.empty(), mondays.dueSince(NEVER, instant(TUESDAY, 9, 0), DAYTIME));
    }

    @Test
    void cron_never_started_is_due_since_its_first_fire_in_the_cycle_including_the_cycle_start() {
        Trigger cron = new Trigger.Cron("*/15 * * * *", NEW_YORK);

        assertEquals(Optional.of(instant(TUESDAY, 8, 0)), cron.dueSince(NEVER, instant(TUESDAY, 9, 7), DAYTIME));
    }

    @Test
    void cron_started_recently_is_due_at_its_next_fire() {
        Trigger cron = new Trigger.Cron("*/15 * * * *", NEW_YORK);
        Optional<Instant> ranAt0901 = Optional.of(instant(TUESDAY, 9, 1));

        assertEquals(Optional.empty(), cron.dueSince(ranAt0901, instant(TUESDAY, 9, 14), DAYTIME));
        assertEquals(Optional.of(instant(TUESDAY, 9, 15)), cron.dueSince(ranAt0901, instant(TUESDAY, 9, 16), DAYTIME));
    }

    @Test
    void interval_counts_from_the_last_start() {
        Trigger every15 = new Trigger.Interval(Duration.ofMinutes(15));
        Optional<Instant> ranAt0900 = Optional.of(instant(TUESDAY, 9, 0));

        assertEquals(Optional.empty(), every15.dueSince(ranAt0900, instant(TUESDAY, 9, 10), DAYTIME));
        assertEquals(Optional.of(instant(TUESDAY, 9, 15)), every15.dueSince(ranAt0900, instant(TUESDAY, 9, 20), DAYTIME));
    }

    @Test
    void interval_keeps_the_grid_from_the_cycle_start_whatever_the_start_was() {
        Trigger every15 = new Trigger.Interval(Duration.ofMinutes(15));
        Instant early = instant(TUESDAY, 9, 10);

        // late by 40 s: still due at 09:15, not 09:15:40
        assertEquals(Due.notBefore(instant(TUESDAY, 9, 15)),
                every15.due(Optional.of(instant(TUESDAY, 9, 0).plusSeconds(40)), early, DAYTIME));
        // started off the grid, on request at 09:04: not due again at 09:15 but at 09:30 (at least 7.5 min later)
        assertEquals(Due.notBefore(instant(TUESDAY, 9, 15)),
                every15.due(Optional.of(instant(TUESDAY, 9, 4)), early, DAYTIME));
        assertEquals(Due.notBefore(instant(TUESDAY, 9, 30)),
                every15.due(Optional.of(instant(TUESDAY, 9, 8)), early, DAYTIME));
        // last run in the previous cycle: due since this cycle's start
        assertEquals(Due.since(CYCLE.start().toInstant()),
                every15.due(Optional.of(instant(TUESDAY.minusDays(1), 16, 0)), early, DAYTIME));
    }

    @Test
    void interval_never_started_is_due_since_the_cycle_start() {
        Trigger every15 = new Trigger.Interval(Duration.ofMinutes(15));

        assertEquals(Optional.of(instant(TUESDAY, 8, 0)), every15.dueSince(NEVER, instant(TUESDAY, 9, 10), DAYTIME));
    }

    @Test
    void every_window_is_due_once_per_research_window() {
        Trigger perWindow = new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW);
        Instant night = instant(TUESDAY, 22, 0);

        assertEquals(Optional.of(WINDOW.start().toInstant()), perWindow.dueSince(NEVER, night, NIGHT));
        assertEquals(Optional.of(WINDOW.start().toInstant()),
                perWindow.dueSince(Optional.of(instant(TUESDAY.minusDays(1), 19, 0)), night, NIGHT));
        assertEquals(Optional.empty(), perWindow.dueSince(Optional.of(instant(TUESDAY, 18, 5)), night, NIGHT));
    }

    @Test
    void every_window_is_not_due_outside_a_research_window() {
        Trigger perWindow = new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW);

        assertEquals(Optional.empty(), perWindow.dueSince(NEVER, instant(TUESDAY, 12, 0), DAYTIME));
    }

    @Test
    void every_trading_day_is_due_once_per_cycle() {
        Trigger perDay = new Trigger.EveryWindow(Trigger.EveryWindow.Scope.TRADING_DAY);
        Instant afternoon = instant(TUESDAY, 16, 30);

        assertEquals(Optional.of(CYCLE.start().toInstant()), perDay.dueSince(NEVER, afternoon, DAYTIME));
        assertEquals(Optional.of(CYCLE.start().toInstant()),
                perDay.dueSince(Optional.of(instant(TUESDAY.minusDays(1), 16, 30)), afternoon, DAYTIME));
        assertEquals(Optional.empty(), perDay.dueSince(Optional.of(instant(TUESDAY, 16, 5)), afternoon, DAYTIME));
    }

    @Test
    void manual_is_never_due_on_its_own() {
        Trigger manual = new Trigger.Manual();

        assertEquals(Optional.empty(), manual.dueSince(NEVER, instant(TUESDAY, 12, 0), DAYTIME));
        assertEquals(Optional.empty(), manual.nextFireAfter(at(TUESDAY, 12, 0)));
    }

    @Test
    void daily_is_due_since_its_fire_or_else_tells_its_next_fire() {
        Trigger daily = new Trigger.Daily(LocalTime.of(18, 30), NEW_YORK);

        assertEquals(Due.notBefore(instant(TUESDAY, 18, 30)), daily.due(NEVER, instant(TUESDAY, 18, 0), DAYTIME));
        assertEquals(Due.since(instant(TUESDAY, 18, 30)), daily.due(NEVER, instant(TUESDAY, 19, 0), NIGHT));
        assertEquals(Due.notBefore(instant(TUESDAY.plusDays(1), 18, 30)),
                daily.due(Optional.of(instant(TUESDAY, 18, 31)), instant(TUESDAY, 23, 0), NIGHT));
    }

    @Test
    void daily_that_fired_before_this_cycle_is_next_due_tomorrow_for_a_never_started_task() {
        Trigger daily = new Trigger.Daily(LocalTime.of(7, 0), NEW_YORK);

        assertEquals(Due.notBefore(instant(TUESDAY.plusDays(1), 7, 0)), daily.due(NEVER, instant(TUESDAY, 12, 0), DAYTIME));
    }

    @Test
    void weekly_tells_the_next_of_its_days() {
        Trigger mondays = new Trigger.Weekly(Set.of(DayOfWeek.MONDAY), LocalTime.of(8, 15), NEW_YORK);
        Trigger tuesdays = new Trigger.Weekly(Set.of(DayOfWeek.TUESDAY), LocalTime.of(8, 15), NEW_YORK);

        assertEquals(Due.notBefore(instant(TUESDAY.plusDays(6), 8, 15)), mondays.due(NEVER, instant(TUESDAY, 9, 0), DAYTIME));
        assertEquals(Due.since(instant(TUESDAY, 8, 15)), tuesdays.due(NEVER, instant(TUESDAY, 9, 0), DAYTIME));
    }

    @Test
    void cron_is_due_since_its_fire_or_else_tells_its_next_fire() {
        Trigger cron = new Trigger.Cron("*/15 * * * *", NEW_YORK);
        Optional<Instant> ranAt0901 = Optional.of(instant(TUESDAY, 9, 1));

        assertEquals(Due.since(instant(TUESDAY, 8, 0)), cron.due(NEVER, instant(TUESDAY, 9, 7), DAYTIME));
        assertEquals(Due.notBefore(instant(TUESDAY, 9, 15)), cron.due(ranAt0901, instant(TUESDAY, 9, 14), DAYTIME));
        assertEquals(Due.since(instant(TUESDAY, 9, 15)), cron.due(ranAt0901, instant(TUESDAY, 9, 16), DAYTIME));
    }

    @Test
    void a_fallback_cron_answers_the_same_way() {
        Trigger thirdFriday = new Trigger.Cron("0 0 9 ? * 6#3", NEW_YORK);

        assertEquals(Due.notBefore(instant(LocalDate.of(2026, 6, 19), 9, 0)),
                thirdFriday.due(NEVER, instant(TUESDAY, 9, 0), DAYTIME));
    }

    @Test
    void a_cron_that_never_fires_again_is_never_due() {
        Trigger past = new Trigger.Cron("0 0 0 * * ? 2020", NEW_YORK);

        assertEquals(Due.never(), past.due(NEVER, instant(TUESDAY, 9, 0), DAYTIME));
    }

    @Test
    void interval_tells_its_next_fire_from_the_last_start() {
        Trigger every15 = new Trigger.Interval(Duration.ofMinutes(15));
        Optional<Instant> ranAt0900 = Optional.of(instant(TUESDAY, 9, 0));

        assertEquals(Due.notBefore(instant(TUESDAY, 9, 15)), every15.due(ranAt0900, instant(TUESDAY, 9, 10), DAYTIME));
        assertEquals(Due.since(instant(TUESDAY, 9, 15)), every15.due(ranAt0900, instant(TUESDAY, 9, 15), DAYTIME));
        assertEquals(Due.since(instant(TUESDAY, 8, 0)), every15.due(NEVER, instant(TUESDAY, 9, 10), DAYTIME));
    }

    @Test
    void every_window_is_due_once_per_window_and_has_no_next_fire() {
        Trigger perWindow = new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW);
        Instant night = instant(TUESDAY, 22, 0);

        assertEquals(Due.since(WINDOW.start().toInstant()), perWindow.due(NEVER, night, NIGHT));
        assertEquals(Due.never(), perWindow.due(Optional.of(instant(TUESDAY, 18, 5)), night, NIGHT));
        assertEquals(Due.never(), perWindow.due(NEVER, instant(TUESDAY, 12, 0), DAYTIME));
    }

    @Test
    void every_trading_day_is_due_once_per_cycle_and_has_no_next_fire() {
        Trigger perDay = new Trigger.EveryWindow(Trigger.EveryWindow.Scope.TRADING_DAY);
        Instant afternoon = instant(TUESDAY, 16, 30);

        assertEquals(Due.since(CYCLE.start().toInstant()), perDay.due(NEVER, afternoon, DAYTIME));
        assertEquals(Due.never(), perDay.due(Optional.of(instant(TUESDAY, 16, 5)), afternoon, DAYTIME));
    }

    @Test
    void manual_is_never_due() {
        assertEquals(Due.never(), new Trigger.Manual().due(NEVER, instant(TUESDAY, 12, 0), DAYTIME));
    }

    /**
     * What the planner shows for a task that is not due ("next fire at ...", today the next fire after the last start,
     * or after now for a task that never started) is the next fire {@code due} already gives.
     */
    @Test
    void a_not_due_clock_trigger_s_next_fire_is_its_next_fire_after_the_last_start_or_now() {
        List<Trigger> triggers = List.of(
                new Trigger.Daily(LocalTime.of(7, 0), NEW_YORK),
                new Trigger.Daily(LocalTime.of(18, 30), NEW_YORK),
                new Trigger.Weekly(Set.of(DayOfWeek.MONDAY, DayOfWeek.THURSDAY), LocalTime.of(6, 0), NEW_YORK),
                new Trigger.Cron("*/15 * * * *", NEW_YORK),
                new Trigger.Cron("0 30 17 ? * MON-FRI", NEW_YORK),
                new Trigger.Cron("0 0 9 ? * 6#3", NEW_YORK));
        List<Optional<Instant>> lastStarts = List.of(NEVER, Optional.of(instant(TUESDAY, 9, 1)),
                Optional.of(instant(TUESDAY.minusDays(1), 18, 35)), Optional.of(instant(TUESDAY, 18, 31)));
        int notDue = 0;
        for (Trigger trigger : triggers) {
            for (Optional<Instant> last : lastStarts) {
                for (int hour = 9; hour <= 23; hour += 2) {
                    Instant now = instant(TUESDAY, hour, 10);
                    if (last.isPresent() && last.get().isAfter(now)) {
                        continue;
                    }
                    Due due = trigger.due(last, now, hour >= 18 ? NIGHT : DAYTIME);
                    assertEquals(trigger.dueSince(last, now, hour >= 18 ? NIGHT : DAYTIME), due.since());
                    if (!due.isDue()) {
                        notDue++;
                        assertEquals(trigger.nextFireAfter(last.orElse(now).atZone(NEW_YORK)).map(ZonedDateTime::toInstant),
                                due.nextFire(), () -> trigger + " last " + last + " now " + now);
                    }
                }
            }
        }
        assertTrue(notDue > 10, "enough not-due cases checked: " + notDue);
    }

    @Test
    void due_holds_one_answer_or_the_other() {
        Instant fire = instant(TUESDAY, 9, 0);

        assertTrue(Due.since(fire).isDue());
        assertEquals(Optional.empty(), Due.since(fire).nextFire());
        assertFalse(Due.notBefore(fire).isDue());
        assertEquals(Optional.of(fire), Due.notBefore(fire).nextFire());
        assertFalse(Due.never().isDue());
        assertEquals(Optional.empty(), Due.never().nextFire());
        assertThrows(IllegalArgumentException.class, () -> new Due(Optional.of(fire), Optional.of(fire)));
    }

    private static ZonedDateTime at(LocalDate date, int hour, int minute) {
        return ZonedDateTime.of(date, LocalTime.of(hour, minute), NEW_YORK);
    }

    private static Instant instant(LocalDate date, int hour, int minute) {
        return at(date, hour, minute).toInstant();
    }
}
