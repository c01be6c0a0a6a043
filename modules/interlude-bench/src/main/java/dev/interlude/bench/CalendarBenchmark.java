package dev.interlude.bench;

import dev.interlude.core.calendar.Session;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.window.ResearchWindow;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A year of sessions (target: under 1 ms), both from a calendar that has seen the year before and from a new one
 * that works out the year's holidays first; and one research-window lookup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CalendarBenchmark {

    private static final LocalDate FROM = LocalDate.of(2026, 1, 1);
    private static final LocalDate TO = LocalDate.of(2026, 12, 31);
    private static final Instant SATURDAY_NOON = Instant.parse("2026-11-21T17:00:00Z");

    private XnysCalendar warm;
    private TradingWindows windows;

    @Setup
    public void warmUp() {
        warm = new XnysCalendar();
        warm.sessionsBetween(FROM, TO);
        windows = new TradingWindows(warm, WindowSettings.DEFAULT);
    }

    @Benchmark
    public List<Session> yearOfSessionsWarm() {
        return warm.sessionsBetween(FROM, TO);
    }

    @Benchmark
    public List<Session> yearOfSessionsNewCalendar() {
        return new XnysCalendar().sessionsBetween(FROM, TO);
    }

    @Benchmark
    public ResearchWindow researchWindowOnASaturday() {
        return windows.researchWindowAtOrAfter(SATURDAY_NOON);
    }
}
