package dev.interlude.bench;

import dev.interlude.core.plan.MemoryBudget;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.plan.PlannerSettings;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.testkit.RunOutcome;
import dev.interlude.testkit.Simulation;
import dev.interlude.testkit.SimulationResult;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Martin Luther King Jr. Day weekend of 2026 on virtual time, from Friday's 15:00 to Tuesday's open (target: a
 * 100-task desk in under 2 s of wall time): a generated desk of research tasks on a bigger node, and the sample desk
 * of {@code conf/tasks.conf}. Each operation is one whole simulation: a fresh actor system, the real supervisor and
 * runners, every timer of the weekend, the shutdown. At the end the trial prints how many runs a weekend has.
 *
 * <p>A simulation runs on one thread and keeps the JIT busy for a long while: it takes some 20 weekends to reach its
 * steady speed, hence the long warmup. The first simulation in a JVM also pays for loading Pekko and running
 * uncompiled, as {@code interlude plan --hours} does; {@code ./bench jmh SimulationBenchmark -wi 0 -i 1 -f 5} measures
 * that one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 20)
@Fork(1)
public class SimulationBenchmark {

    private static final String FROM = "2026-01-16T15:00-05:00";
    private static final String TO = "2026-01-20T09:30-05:00";

    /** A node for a 100-task desk: eight runs at once in 32 GiB, two research runs at a time. */
    private static final PlannerConfig BIG_NODE = new PlannerConfig(PlannerSettings.DEFAULT,
            new MemoryBudget.Fixed(32_768), 8, Map.of("research", 2));

    @Param({"100"})
    public int tasks;

    /** The failure chance of each attempt (the generated tasks' simulated handlers, the sample desk's handlers). */
    @Param({"0.02"})
    public double failureRate;

    private Simulation generated;
    private Simulation sampleDesk;
    private SimulationResult last;

    @Setup
    public void prepare() {
        generated = Simulation.of(GeneratedDesk.runnableCatalog(tasks, Simulation.XNYS.zone(), failureRate, 42L))
                .planner(BIG_NODE).seed(7).from(FROM);
        sampleDesk = Simulation.of(CatalogLoader.loadFile(sampleCatalog(), Simulation.XNYS.zone()))
                .seed(7).failureRate(failureRate).from(FROM);
    }

    @Benchmark
    public SimulationResult holidayWeekendGeneratedDesk() {
        return last = generated.runUntil(TO);
    }

    @Benchmark
    public SimulationResult holidayWeekendSampleDesk() {
        return last = sampleDesk.runUntil(TO);
    }

    /** What a weekend holds, to read beside the times (the same every iteration: the simulation is seeded). */
    @TearDown
    public void describe() {
        if (last == null) {
            return;
        }
        long failed = last.runs().stream().filter(r -> r.outcome() == RunOutcome.FAILED
                || r.outcome() == RunOutcome.ABANDONED).count();
        System.out.printf("%n%d tasks: %d runs (%d failed attempts), %d timers and %d journal events a weekend%n",
                last.catalog().size(), last.runs().size(), failed, last.timersFired(), last.journal().size());
    }

    /** {@code conf/tasks.conf} of the Interlude home ({@code INTERLUDE_HOME}, which ./bench sets, or here). */
    private static Path sampleCatalog() {
        String home = System.getenv("INTERLUDE_HOME");
        Path file = Path.of(home == null || home.isBlank() ? "." : home, "conf", "tasks.conf").toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no sample catalog at " + file + ": run ./bench from the repository, or "
                    + "set INTERLUDE_HOME to it");
        }
        return file;
    }
}
