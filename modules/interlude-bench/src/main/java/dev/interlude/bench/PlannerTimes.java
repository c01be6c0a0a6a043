package dev.interlude.bench;

import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.DueIndex;
import dev.interlude.core.plan.Planner;
import dev.interlude.core.plan.PlanningState;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TimeFrame;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * (c) One planning decision ({@link Planner#plan}) over the generated desk of 10,000 tasks (dependencies,
 * conflicts, every trigger type, runs in flight, completions and requests), at an instant of each phase: a plain
 * timed loop after a warm-up, p50 and p99 per phase. {@code PlannerBenchmark} measures the same with JMH.
 */
final class PlannerTimes {

    static final int TASKS = 10_000;

    /** An instant in each phase (New York): a Wednesday's, the Saturday after, and Thanksgiving Day 2026. */
    static final Map<Phase, String> INSTANTS = new LinkedHashMap<>();

    static {
        INSTANTS.put(Phase.PRE_MARKET, "2026-11-18T08:30:00-05:00");
        INSTANTS.put(Phase.MARKET_HOURS, "2026-11-18T11:00:00-05:00");
        INSTANTS.put(Phase.POST_MARKET, "2026-11-18T17:00:00-05:00");
        INSTANTS.put(Phase.OVERNIGHT, "2026-11-18T20:00:00-05:00");
        INSTANTS.put(Phase.WEEKEND, "2026-11-21T12:00:00-05:00");
        INSTANTS.put(Phase.HOLIDAY, "2026-11-26T12:00:00-05:00");
    }

    private PlannerTimes() {
    }

    static void run(Bench.Options options, Report report) {
        Duration warmup = options.quick() ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        int measured = options.quick() ? 30 : 300;
        TradingWindows windows = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);
        double worst = 0;
        for (Map.Entry<Phase, String> entry : INSTANTS.entrySet()) {
            Instant now = OffsetDateTime.parse(entry.getValue()).toInstant();
            TimeFrame frame = windows.frameAt(now);
            if (frame.phase().phase() != entry.getKey()) {
                throw new IllegalStateException(entry.getValue() + " is in " + frame.phase().phase() + ", not "
                        + entry.getKey());
            }
            PlanningState state = GeneratedDesk.state(TASKS, frame, now, 42L);
            // As the supervisor decides: with the DueIndex it keeps across decisions.
            PlanningState withIndex = state.withDueIndex(new DueIndex());
            double[] decided = time(withIndex, now, warmup, measured);
            worst = Math.max(worst, decided[1]);
            report.metric(entry.getKey() + " p50", decided[0], "ms", "<= 2 ms");
            report.metric(entry.getKey() + " p99", decided[1], "ms");
            report.metric(entry.getKey() + " starts per decision", Planner.plan(withIndex, now).starts().size(), "");
            // As the CLI plans (`./interlude plan`): one decision, nothing kept.
            double[] oneOff = time(state, now, warmup, measured);
            report.metric(entry.getKey() + " one-off plan (CLI) p50", oneOff[0], "ms");
        }
        report.metric("worst p99 of any phase", worst, "ms", "<= 2 ms");
        report.note(TASKS + " generated tasks (GeneratedDesk, seed 42); " + warmup.toSeconds() + " s of warm-up and "
                + measured + " timed per phase, in one thread; the supervisor's decisions keep a DueIndex, a one-off "
                + "plan has none");
    }

    /** p50 and p99 in milliseconds of {@code measured} decisions after {@code warmup} of them. */
    private static double[] time(PlanningState state, Instant now, Duration warmup, int measured) {
        long warm = System.nanoTime() + warmup.toNanos();
        while (System.nanoTime() < warm) {
            Planner.plan(state, now);
        }
        double[] millis = new double[measured];
        for (int i = 0; i < measured; i++) {
            long started = System.nanoTime();
            Planner.plan(state, now);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return new double[] {percentile(millis, 50), percentile(millis, 99)};
    }

    static double percentile(double[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
