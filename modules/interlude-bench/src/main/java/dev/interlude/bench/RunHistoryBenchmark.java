package dev.interlude.bench;

import dev.interlude.core.plan.Start;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.http.Api;
import dev.interlude.http.RunHistory;
import dev.interlude.http.RunSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
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
 * The run history behind {@code /api/v1/runs} and {@code /api/v1/metrics}, full: 100,000 runs of 50 tasks in the
 * last 24 hours (5 % of them fail once and succeed on their retry, 1 % fail for good) and 50,000 older ones, in a
 * history bounded at 200,000 attempts. Target: {@code /api/v1/metrics?since=24h} (the summary and its JSON) in
 * under 100 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RunHistoryBenchmark {

    private static final int RUNS_IN_A_DAY = 100_000;
    private static final int OLDER_RUNS = 50_000;
    private static final int TASKS = 50;
    private static final Instant NOW = Instant.parse("2026-11-19T13:00:00Z");

    private RunHistory history;
    private long sequenceNr;
    private OptionalLong middle;

    @Setup
    public void fill() {
        history = new RunHistory(RunHistory.DEFAULT_MAX_ATTEMPTS);
        SplittableRandom random = new SplittableRandom(7);
        Instant olderFrom = NOW.minus(Duration.ofDays(8));
        for (int i = 0; i < OLDER_RUNS; i++) {
            run(random, "old-" + i, olderFrom.plusMillis(i * 10_000L));
        }
        long spacing = Duration.ofDays(1).toMillis() / RUNS_IN_A_DAY;
        Instant dayFrom = NOW.minus(Duration.ofDays(1));
        for (int i = 0; i < RUNS_IN_A_DAY; i++) {
            run(random, "run-" + i, dayFrom.plusMillis(i * spacing));
        }
        RunHistory.Page first = history.page(query(Optional.empty(), Optional.empty(), 1_000, OptionalLong.empty()));
        middle = OptionalLong.of(first.attempts().get(0).sequenceNr() - RUNS_IN_A_DAY / 2);
    }

    private void run(SplittableRandom random, String runId, Instant start) {
        String task = "task_" + random.nextInt(TASKS);
        long took = 1_000 + random.nextInt(600_000);
        int fate = random.nextInt(100);
        record(new SupervisorEvent.RunStarted(runId, task, 1, Start.Cause.TRIGGER, Optional.empty(), Map.of(),
                "research", 512, Duration.ofMinutes(5), start));
        Instant end = start.plusMillis(took);
        if (fate < 6) {
            record(new SupervisorEvent.RunFailed(runId, task, 1, "exit code 1: connection refused", end));
            if (fate == 0) {
                record(new SupervisorEvent.RunAbandoned(runId, task, 1, "exit code 1: connection refused", end));
                return;
            }
            Instant retry = end.plusSeconds(30);
            record(new SupervisorEvent.RetryScheduled(runId, task, 2, retry, end));
            record(new SupervisorEvent.RunSucceeded(runId, task, 2, "ok", retry.plusMillis(took)));
            return;
        }
        record(new SupervisorEvent.RunSucceeded(runId, task, 1, "rows=1234", end));
    }

    private void record(SupervisorEvent event) {
        history.record(++sequenceNr, event);
    }

    private static RunHistory.Query query(Optional<String> task, Optional<RunHistory.Status> status, int limit,
                                          OptionalLong before) {
        return new RunHistory.Query(NOW.minus(Duration.ofDays(1)), task, status, limit, before);
    }

    /** {@code /api/v1/metrics?since=24h} without the HTTP: the summary over 100,000 runs. */
    @Benchmark
    public RunSummary metricsOfTheDay() {
        return history.summary(NOW.minus(Duration.ofDays(1)), NOW);
    }

    /** The same, written as the JSON the route answers. */
    @Benchmark
    public byte[] metricsOfTheDayAsJson() throws Exception {
        return Api.JSON.writeValueAsBytes(history.summary(NOW.minus(Duration.ofDays(1)), NOW));
    }

    /** {@code /api/v1/runs}: the newest 100. */
    @Benchmark
    public RunHistory.Page firstPage() {
        return history.page(query(Optional.empty(), Optional.empty(), 100, OptionalLong.empty()));
    }

    /** {@code /api/v1/runs?task=task_7&status=abandoned}: a filter that scans the whole day for a few rows. */
    @Benchmark
    public RunHistory.Page rareRowsOfOneTask() {
        return history.page(query(Optional.of("task_7"), Optional.of(RunHistory.Status.ABANDONED), 100,
                OptionalLong.empty()));
    }

    /** {@code /api/v1/runs?cursor=...}: a page from the middle of the day. */
    @Benchmark
    public RunHistory.Page pageFromTheMiddle() {
        return history.page(query(Optional.empty(), Optional.empty(), 100, middle));
    }

    /** A research window's utilization: the union of 24 hours of attempts in flight. */
    @Benchmark
    public double busyShareOfTheDay() {
        return history.busyShare(NOW.minus(Duration.ofDays(1)), NOW);
    }
}
