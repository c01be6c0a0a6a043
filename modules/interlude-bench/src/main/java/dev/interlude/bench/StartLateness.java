package dev.interlude.bench;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.Trigger;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.handler.TaskResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * (b) Start lateness at about 1,000 starts a second, on the wall clock: {@value #CRON_TASKS} tasks with a
 * per-second cron trigger and {@value #INTERVAL_TASKS} with a 1 s interval, one run at a time each, on a node
 * journaling to H2 (the default), then on one journaling to PostgreSQL (the journal the targets are set for). Each
 * run's handler notes when it started; a run's lateness is that instant minus the fire it answers, as the planner
 * counts it: for cron, the first fire after the task's previous start; for an interval, the
 * first step of its grid at least half an interval after the previous start. Each task's first run (due since the
 * start of the trading cycle) is left out.
 *
 * <p>Drift: per task, the mean lateness of the last third of its runs minus that of the first third (a trend shows
 * as a growing difference); for intervals also how far the task's schedule has slipped behind its nominal grid by
 * the end, and for cron the fires that were skipped (a late task starts once for
 * all the fires it missed).
 */
final class StartLateness {

    static final int CRON_TASKS = 900;
    static final int INTERVAL_TASKS = 100;
    static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final String HANDLER = "stamp";

    private StartLateness() {
    }

    /** One run's start, as its handler saw it. */
    record Stamp(String task, Instant scheduledAt, Instant started) {
    }

    static void run(Bench.Options options, Report report) throws Exception {
        measure(options, new BenchNode.H2(options.work().resolve("lateness").resolve("journal")), "H2", report);
        Optional<BenchNode.Pg> pg = options.postgres().freshStore("interlude_bench_lateness", report, "PostgreSQL");
        if (pg.isPresent()) {
            measure(options, pg.get(), "PostgreSQL", report);
        }
    }

    /** The scenario on a node journaling to {@code store}, its metrics named after {@code backend}. */
    private static void measure(Bench.Options options, BenchNode.Store store, String backend, Report report)
            throws Exception {
        Duration window = options.quick() ? Duration.ofSeconds(5) : Duration.ofSeconds(20);
        Duration warmUp = options.quick() ? Duration.ofSeconds(2) : Duration.ofSeconds(5);
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < CRON_TASKS; i++) {
            tasks.add(BenchNode.task("cron_" + i, new Trigger.Cron("* * * * * ?", ZONE), HANDLER)
                    .maxConcurrentRuns(1).build());
        }
        for (int i = 0; i < INTERVAL_TASKS; i++) {
            tasks.add(BenchNode.task("interval_" + i, new Trigger.Interval(Duration.ofSeconds(1)), HANDLER)
                    .maxConcurrentRuns(1).build());
        }
        TaskCatalog catalog = new TaskCatalog(tasks);
        Clock clock = Clock.systemUTC();
        Queue<Stamp> stamps = new ConcurrentLinkedQueue<>();
        CountDownLatch over = new CountDownLatch(1);
        AtomicReference<Instant> end = new AtomicReference<>(Instant.MAX);
        HandlerRegistry registry = HandlerRegistry.empty().register(HANDLER, context -> {
            Instant now = clock.instant();
            stamps.add(new Stamp(context.taskName(), context.scheduledAt(), now));
            if (now.isAfter(end.get())) {
                over.countDown();
            }
            return CompletableFuture.completedFuture(TaskResult.success("ok"));
        });
        Instant begin;
        try (BenchNode node = BenchNode.start(store, catalog, registry, ConfigFactory.empty())) {
            begin = clock.instant();
            end.set(begin.plus(warmUp).plus(window));
            // The window is over once a run starts after its end (or, if nothing starts any more, much later).
            if (!over.await(window.plusSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
                report.note(backend + ": no run started after the window's end within 60 s");
            }
            node.stopDispatch();
        }
        analyse(catalog, new ArrayList<>(stamps), begin.plus(warmUp), end.get(), backend + ": ", report);
        report.note(backend + ": " + CRON_TASKS + " cron (every second) + " + INTERVAL_TASKS + " interval (1 s) "
                + "tasks, a no-op handler, " + window.toSeconds() + " s of wall clock counted after "
                + warmUp.toSeconds() + " s of warm-up (the JVM compiling the start path: those starts are reported "
                + "apart)");
    }

    private static void analyse(TaskCatalog catalog, List<Stamp> all, Instant begin, Instant end, String prefix,
                                Report report) {
        Map<String, List<Stamp>> byTask = new HashMap<>();
        long warmUpWorst = 0;
        for (Stamp s : all) {
            if (s.scheduledAt().isBefore(begin)) {
                warmUpWorst = Math.max(warmUpWorst, Duration.between(s.scheduledAt(), s.started()).toMillis());
            }
            if (!s.started().isAfter(end)) {
                byTask.computeIfAbsent(s.task(), t -> new ArrayList<>()).add(s);
            }
        }
        Map<Long, Long> worstBySecond = new HashMap<>();
        Histogram started = new Histogram(3_600_000_000L, 3);
        Histogram decided = new Histogram(3_600_000_000L, 3);
        List<Double> trends = new ArrayList<>();
        List<Double> intervalSlip = new ArrayList<>();
        long counted = 0;
        long skippedFires = 0;
        for (Map.Entry<String, List<Stamp>> entry : byTask.entrySet()) {
            TaskSpec spec = catalog.get(entry.getKey()).orElseThrow();
            List<Stamp> runs = entry.getValue();
            runs.sort(Comparator.comparing(Stamp::scheduledAt));
            List<Double> lateness = new ArrayList<>();
            for (int k = 1; k < runs.size(); k++) {
                Instant previous = runs.get(k - 1).scheduledAt();
                Instant due = spec.trigger() instanceof Trigger.Interval interval ? nextOnGrid(previous, interval)
                        : spec.trigger().nextFireAfter(previous.atZone(ZONE)).orElseThrow().toInstant();
                if (due.isBefore(begin)) {
                    continue; // a warm-up start
                }
                long startedMicros = Math.max(0, Duration.between(due, runs.get(k).started()).toNanos() / 1000);
                long decidedMicros = Math.max(0, Duration.between(due, runs.get(k).scheduledAt()).toNanos() / 1000);
                started.recordValue(Math.min(startedMicros, started.getHighestTrackableValue()));
                decided.recordValue(Math.min(decidedMicros, decided.getHighestTrackableValue()));
                lateness.add(startedMicros / 1000.0);
                worstBySecond.merge(due.getEpochSecond(), startedMicros, Math::max);
                counted++;
                if (!(spec.trigger() instanceof Trigger.Interval)) {
                    // Fires between the one answered and this start were folded into this one run.
                    Instant next = due;
                    while (true) {
                        next = spec.trigger().nextFireAfter(next.atZone(ZONE)).orElseThrow().toInstant();
                        if (next.isAfter(runs.get(k).scheduledAt())) {
                            break;
                        }
                        skippedFires++;
                    }
                }
            }
            if (lateness.size() >= 3) {
                int third = lateness.size() / 3;
                trends.add(mean(lateness.subList(lateness.size() - third, lateness.size()))
                        - mean(lateness.subList(0, third)));
            }
            List<Stamp> afterWarmUp = runs.stream().filter(r -> !r.scheduledAt().isBefore(begin)).toList();
            if (spec.trigger() instanceof Trigger.Interval interval && afterWarmUp.size() >= 2) {
                Duration span = Duration.between(afterWarmUp.get(0).scheduledAt(),
                        afterWarmUp.get(afterWarmUp.size() - 1).scheduledAt());
                intervalSlip.add((span.toNanos() - (afterWarmUp.size() - 1) * interval.every().toNanos()) / 1e6);
            }
        }
        double seconds = Duration.between(begin, end).toNanos() / 1e9;
        report.metric(prefix + "starts counted (first run of each task left out)", counted, "");
        report.metric(prefix + "starts per second achieved", counted / seconds, "runs/s", "1,000 runs/s");
        report.metric(prefix + "lateness to handler start p50", started.getValueAtPercentile(50) / 1000.0, "ms");
        report.metric(prefix + "lateness to handler start p99", started.getValueAtPercentile(99) / 1000.0, "ms",
                "<= 10 ms");
        report.metric(prefix + "lateness to handler start max", started.getMaxValue() / 1000.0, "ms");
        double[] worst = worstBySecond.values().stream().mapToDouble(v -> v / 1000.0).sorted().toArray();
        if (worst.length > 0) {
            report.metric(prefix + "the last start of a second's burst, median second",
                    PlannerTimes.percentile(worst, 50), "ms");
        }
        report.metric(prefix + "warm-up starts (not counted), the latest", warmUpWorst, "ms");
        report.metric(prefix + "lateness to decision (RunStarted) p50", decided.getValueAtPercentile(50) / 1000.0,
                "ms");
        report.metric(prefix + "lateness to decision (RunStarted) p99", decided.getValueAtPercentile(99) / 1000.0,
                "ms");
        report.metric(prefix + "cron fires folded into a later run", skippedFires, "", "0");
        if (trends.isEmpty()) {
            report.note(prefix + "drift: too few runs per task to compare the first third with the last");
        } else {
            report.metric(prefix + "drift: last third minus first third, median task", median(trends), "ms",
                    "~0 (no trend)");
            report.metric(prefix + "drift: last third minus first third, worst task",
                    trends.stream().mapToDouble(Double::doubleValue).max().orElse(0), "ms");
        }
        if (!intervalSlip.isEmpty()) {
            report.metric(prefix + "interval schedule slip by the end, median task", median(intervalSlip), "ms");
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return PlannerTimes.percentile(sorted, 50);
    }

    /**
     * The fire an interval task's next run answers: the first instant of its grid (steps of the interval from the
     * trading cycle's start, which is on a whole minute, so a step of the 1 s interval is a whole second) at least
     * half an interval after the previous start, as the planner counts it.
     */
    static Instant nextOnGrid(Instant previous, Trigger.Interval interval) {
        long step = interval.every().toNanos();
        long earliest = previous.getEpochSecond() * 1_000_000_000L + previous.getNano() + step / 2;
        long onGrid = Math.floorDiv(earliest + step - 1, step) * step;
        return Instant.ofEpochSecond(Math.floorDiv(onGrid, 1_000_000_000L), Math.floorMod(onGrid, 1_000_000_000L));
    }

}
