package dev.interlude.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.window.TradingCycle;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs that start late do not make the next ones later: every trigger's next fire is on its own grid (the cron's
 * seconds, the daily wall-clock time, the interval's steps from the cycle start), never an interval after a late
 * start. Each case starts every run a little late, as a busy node does, and checks the fires stay on the grid.
 */
class TriggerDriftTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final TradingWindows WINDOWS = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);

    private static Instant at(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), NY).toInstant();
    }

    private static TriggerContext contextAt(Instant now) {
        var frame = WINDOWS.frameAt(now);
        return new TriggerContext(NY, frame.cycle(), frame.researchWindow().filter(w -> w.contains(now)));
    }

    /**
     * Starts {@code fires} runs, each {@code lateness} after the fire it was due at, and checks that every fire is
     * {@code step} of elapsed time after the one before; returns the last fire.
     */
    private static Instant runLate(Trigger trigger, Instant firstStart, Duration lateness, int fires, Duration step) {
        Instant started = firstStart;
        Instant previousFire = null;
        for (int i = 0; i < fires; i++) {
            Instant fire = trigger.due(Optional.of(started), started, contextAt(started)).nextFire().orElseThrow();
            if (previousFire != null) {
                Instant expected = previousFire.plus(step);
                assertEquals(expected, fire, "fire " + i + " after a start at " + started);
            }
            assertEquals(Optional.of(fire), trigger.due(Optional.of(started), fire, contextAt(fire)).since());
            previousFire = fire;
            started = fire.plus(lateness);
        }
        return previousFire;
    }

    /** The next fire after a run started at {@code start} (local New York time). */
    private static Optional<Instant> nextFireAfterAStartAt(Trigger trigger, String start) {
        Instant started = at(start);
        return trigger.due(Optional.of(started), started, contextAt(started)).nextFire();
    }

    @Test
    void an_every_second_cron_started_late_fires_on_the_whole_seconds() {
        Trigger everySecond = new Trigger.Cron("* * * * * ?", NY);

        assertEquals(Optional.of(at("2026-11-18T20:00:59")),
                nextFireAfterAStartAt(everySecond, "2026-11-18T20:00:58.828"));
        Instant last = runLate(everySecond, at("2026-11-18T20:00:58.828"), Duration.ofMillis(850), 120,
                Duration.ofSeconds(1));
        assertEquals(at("2026-11-18T20:02:58"), last);
    }

    @Test
    void a_cron_s_next_fire_after_a_fraction_of_a_second_is_a_whole_second() {
        Trigger everySecond = new Trigger.Cron("* * * * * ?", NY);

        assertEquals(Optional.of(ZonedDateTime.of(2026, 11, 18, 8, 0, 1, 0, NY)),
                everySecond.nextFireAfter(ZonedDateTime.of(2026, 11, 18, 8, 0, 0, 500_000_000, NY)));
    }

    @Test
    void a_minute_cron_started_late_fires_on_the_minute() {
        Trigger everyMinute = new Trigger.Cron("* * * * *", NY);

        Instant last = runLate(everyMinute, at("2026-11-18T20:00:00.900"), Duration.ofSeconds(5), 60,
                Duration.ofMinutes(1));
        assertEquals(at("2026-11-18T21:00"), last);
    }

    @Test
    void a_daily_trigger_started_late_fires_at_its_time_across_both_dst_changes() {
        Trigger at20 = new Trigger.Daily(LocalTime.of(20, 0), NY);

        // Saturday 2026-10-31 20:00:00.5 EDT; Sunday is 25 hours long, so the next fire is 25 hours later
        assertEquals(Optional.of(at("2026-11-01T20:00")), nextFireAfterAStartAt(at20, "2026-10-31T20:00:00.500"));
        // Saturday 2026-03-07: Sunday is 23 hours long
        assertEquals(Optional.of(at("2026-03-08T20:00")), nextFireAfterAStartAt(at20, "2026-03-07T20:00:00.500"));
    }

    @Test
    void an_every_second_interval_started_late_keeps_its_grid() {
        Trigger everySecond = new Trigger.Interval(Duration.ofSeconds(1));

        assertEquals(Optional.of(at("2026-11-18T20:00:11")),
                nextFireAfterAStartAt(everySecond, "2026-11-18T20:00:10.030"));
        Instant last = runLate(everySecond, at("2026-11-18T20:00:10.030"), Duration.ofMillis(30), 300,
                Duration.ofSeconds(1));
        assertEquals(at("2026-11-18T20:05:10"), last);
    }

    @Test
    void an_hourly_interval_fires_73_times_over_the_fall_back_weekend_and_71_over_the_spring_forward_one() {
        assertEquals(73, hourlyFiresOverTheCycleOf(at("2026-10-30T12:00")));
        assertEquals(71, hourlyFiresOverTheCycleOf(at("2026-03-06T12:00")));
    }

    /** Every fire of an hourly interval over the trading cycle of {@code during}, each run started 30 ms late. */
    private static int hourlyFiresOverTheCycleOf(Instant during) {
        Trigger hourly = new Trigger.Interval(Duration.ofHours(1));
        TradingCycle cycle = WINDOWS.frameAt(during).cycle();
        Instant cycleStart = cycle.start().toInstant();
        Instant cycleEnd = cycle.end().toInstant();
        Instant fire = hourly.due(Optional.empty(), cycleStart, contextAt(cycleStart)).since().orElseThrow();
        assertEquals(cycleStart, fire);
        int fires = 0;
        while (fire.isBefore(cycleEnd)) {
            fires++;
            Instant started = fire.plusMillis(30);
            Instant next = hourly.due(Optional.of(started), started, contextAt(started)).nextFire().orElseThrow();
            assertEquals(fire.plus(Duration.ofHours(1)), next, "after the run started at " + started);
            assertEquals(0, next.atZone(NY).getMinute(), "on the local hour: " + next.atZone(NY));
            fire = next;
        }
        return fires;
    }
}
