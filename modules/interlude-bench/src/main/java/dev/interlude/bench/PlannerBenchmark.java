package dev.interlude.bench;

import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.Plan;
import dev.interlude.core.plan.Planner;
import dev.interlude.core.plan.PlanningState;
import dev.interlude.core.window.TimeFrame;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import java.time.Instant;
import java.time.OffsetDateTime;
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
 * One planning decision over a large generated desk (target: 10,000 tasks in at most 5 ms), in a research window and
 * during market hours.
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

    @Param({"2026-11-18T20:00:00-05:00", "2026-11-18T11:00:00-05:00"})
    public String at;

    private PlanningState state;
    private Instant now;

    @Setup
    public void generate() {
        now = OffsetDateTime.parse(at).toInstant();
        TimeFrame frame = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT).frameAt(now);
        state = GeneratedDesk.state(tasks, frame, now, 42L);
    }

    @Benchmark
    public Plan plan() {
        return Planner.plan(state, now);
    }
}
