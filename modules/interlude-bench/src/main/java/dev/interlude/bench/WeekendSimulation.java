package dev.interlude.bench;

import dev.interlude.core.plan.MemoryBudget;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.plan.PlannerSettings;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.testkit.Simulation;
import dev.interlude.testkit.SimulationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * (g) The four-day MLK 2026 holiday weekend (Friday 15:00 to Tuesday's 09:30 open in New York) on virtual time, as
 * {@code SimulationBenchmark} and {@code interlude simulate} run it: each simulation is a fresh actor system with the
 * real supervisor and runners, every timer of the weekend, and the shutdown. Wall time of a few simulations after
 * a warm-up, p50; the first (cold) one is reported too, as {@code interlude plan --hours} pays it.
 */
final class WeekendSimulation {

    private static final String FROM = "2026-01-16T15:00-05:00";
    private static final String TO = "2026-01-20T09:30-05:00";
    /** The node of SimulationBenchmark for a 100-task desk: eight runs at once in 32 GiB, two research runs. */
    private static final PlannerConfig BIG_NODE = new PlannerConfig(PlannerSettings.DEFAULT,
            new MemoryBudget.Fixed(32_768), 8, Map.of("research", 2));

    private WeekendSimulation() {
    }

    static void run(Bench.Options options, Report report) {
        int warmup = options.quick() ? 1 : 10;
        int measured = options.quick() ? 3 : 10;
        Simulation generated = Simulation.of(GeneratedDesk.runnableCatalog(100, Simulation.XNYS.zone(), 0.02, 42L))
                .planner(BIG_NODE).seed(7).from(FROM);
        time(report, "generated desk, 100 tasks", generated, warmup, measured);
        Path sample = sampleCatalog();
        if (Files.isRegularFile(sample)) {
            Simulation desk = Simulation.of(CatalogLoader.loadFile(sample, Simulation.XNYS.zone())).seed(7)
                    .failureRate(0.02).from(FROM);
            time(report, "sample desk (conf/tasks.conf)", desk, warmup, measured);
        } else {
            report.note("no sample desk at " + sample + ": run ./bench from the repository (INTERLUDE_HOME)");
        }
        report.note(warmup + " simulation(s) of warm-up (the first is reported as cold), " + measured + " timed");
    }

    private static void time(Report report, String name, Simulation simulation, int warmup, int measured) {
        long cold = 0;
        SimulationResult last = null;
        for (int i = 0; i < warmup; i++) {
            long started = System.nanoTime();
            last = simulation.runUntil(TO);
            if (i == 0) {
                cold = System.nanoTime() - started;
            }
        }
        double[] millis = new double[measured];
        for (int i = 0; i < measured; i++) {
            long started = System.nanoTime();
            last = simulation.runUntil(TO);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        report.metric(name + ": p50", PlannerTimes.percentile(millis, 50), "ms", name.startsWith("generated")
                ? "<= 2,000 ms" : "");
        report.metric(name + ": min", millis[0], "ms");
        report.metric(name + ": max", millis[measured - 1], "ms");
        report.metric(name + ": first in this JVM", cold / 1e6, "ms");
        report.metric(name + ": runs a weekend", last.runs().size(), "");
        report.metric(name + ": journal events a weekend", last.journal().size(), "");
    }

    /** {@code conf/tasks.conf} of the Interlude home ({@code INTERLUDE_HOME}, which ./bench sets, or here). */
    private static Path sampleCatalog() {
        String home = System.getenv("INTERLUDE_HOME");
        return Path.of(home == null || home.isBlank() ? "." : home, "conf", "tasks.conf").toAbsolutePath();
    }
}
