package dev.interlude.bench;

import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.DueIndex;
import dev.interlude.core.plan.Plan;
import dev.interlude.core.plan.Planner;
import dev.interlude.core.plan.PlanningState;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TimeFrame;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One planning decision over a large generated desk (target: 10,000 tasks in at most 2 ms), in every phase of the
 * XNYS trading cycle: pre-market, market hours, post-market, overnight, a weekend and a holiday (Thanksgiving).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlannerBenchmark {

    @Param({"10000"})
    public int tasks;

    @Param({"pre-market", "market-hours", "post-market", "overnight", "weekend", "holiday"})
    public String phase;

    private PlanningState state;
    private PlanningState indexed;
    /** Two states that differ in one task's last start, each with the same index, for {@link #planAfterAStart()}. */
    private PlanningState[] alternating;
    private int turn;
    private Instant now;

    @Setup
    public void generate() {
        now = OffsetDateTime.parse(instantIn(phase)).toInstant();
        TimeFrame frame = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT).frameAt(now);
        Phase expected = Phase.valueOf(phase.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (frame.phase().phase() != expected) {
            throw new IllegalStateException(now + " is in " + frame.phase().phase() + ", not " + expected);
        }
        state = GeneratedDesk.state(tasks, frame, now, 42L);
        DueIndex index = new DueIndex();
        indexed = state.withDueIndex(index);
        Map<String, Instant> started = new HashMap<>(state.lastStarted());
        started.put("task_0", now.minusSeconds(1));
        alternating = new PlanningState[] {indexed, indexed.withLastStarted(started)};
    }

    /** A one-off decision, as the CLI makes it: no index. */
    @Benchmark
    public Plan plan() {
        return Planner.plan(state, now);
    }

    /** The supervisor's decision when nothing changed since its last one: its index remembers every trigger. */
    @Benchmark
    public Plan planWithIndex() {
        return Planner.plan(indexed, now);
    }

    /**
     * The supervisor's decision after a run started: the last starts are a new map (one task's entry changed), so
     * the index lays them out again and asks that task's trigger again.
     */
    @Benchmark
    public Plan planAfterAStart() {
        turn ^= 1;
        return Planner.plan(alternating[turn], now);
    }

    /** A realistic planning instant in {@code phase}, New York time, in the week of 2026-11-16. */
    static String instantIn(String phase) {
        return switch (phase) {
            case "pre-market" -> "2026-11-18T08:30:00-05:00";
            case "market-hours" -> "2026-11-18T11:00:00-05:00";
            case "post-market" -> "2026-11-18T17:00:00-05:00";
            case "overnight" -> "2026-11-18T23:00:00-05:00";
            case "weekend" -> "2026-11-21T12:00:00-05:00";
            case "holiday" -> "2026-11-26T12:00:00-05:00";
            default -> throw new IllegalArgumentException("no such phase: " + phase);
        };
    }
}
