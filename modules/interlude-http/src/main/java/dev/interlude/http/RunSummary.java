package dev.interlude.http;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ran in a time range, overall and per task: the body of {@code GET /api/v1/metrics}.
 *
 * <p>An attempt counts in the range when it <em>ended</em> in it ({@code running} counts those in flight at its
 * end). Throughput is runs that ended (succeeded, or abandoned after their last attempt) per hour of the range; the
 * error rate is the share of attempts whose handler failed (failed and retried, or abandoned) among those that
 * succeeded or failed (an interrupted attempt is the node's doing, not the task's: it counts in neither); durations
 * are those of attempts that succeeded, percentiles by nearest rank.
 *
 * @param since   the start of the range
 * @param until   its end (now)
 * @param hours   its length in hours
 * @param overall every task together
 * @param tasks   each task that ended or ran an attempt in the range, by name
 * @param hourly  the range by hour of the clock (UTC), oldest first; the first and last hours may be partial
 */
public record RunSummary(Instant since, Instant until, double hours, Stats overall, Map<String, Stats> tasks,
                         List<Hour> hourly) {

    public RunSummary {
        tasks = Collections.unmodifiableMap(new TreeMap<>(tasks));
        hourly = List.copyOf(hourly);
    }

    /**
     * Counts and rates of a set of attempts.
     *
     * @param attempts          attempts that ended: succeeded + failed + abandoned + interrupted
     * @param running           attempts in flight at the end of the range
     * @param throughputPerHour runs ended (succeeded or abandoned) per hour
     * @param errorRate         (failed + abandoned) / (succeeded + failed + abandoned); null without any
     * @param averageMs         mean duration of the attempts that succeeded; null without any (so the percentiles)
     */
    public record Stats(int attempts, int succeeded, int failed, int abandoned, int interrupted, int running,
                        double throughputPerHour, Double errorRate, Long averageMs, Long p50Ms, Long p95Ms) {
    }

    /** One hour of the range: attempts ended in it, those that succeeded, those that failed (or were abandoned). */
    public record Hour(Instant hour, int ended, int succeeded, int failed) {
    }

    /** The nearest-rank percentile ({@code percent} of 100) of sorted values: the smallest with that share at or below it. */
    static long percentile(long[] sorted, int count, int percent) {
        int rank = (percent * count + 99) / 100;
        return sorted[Math.max(0, rank - 1)];
    }

    /** Collects attempts one by one (under the history's lock: cheap), and computes the rest after. */
    static final class Builder {
        private final Instant since;
        private final Instant until;
        private final long sinceMillis;
        private final long untilMillis;
        private final long firstHour;
        private final int[][] hours;
        private final List<String> taskNames;
        private final Tally overall = new Tally();
        private final Tally[] tasks;

        /** A summary of [since, until] over the tasks numbered as in {@code taskNames}. */
        Builder(Instant since, Instant until, List<String> taskNames) {
            this.since = since;
            this.until = until;
            this.sinceMillis = since.toEpochMilli();
            this.untilMillis = until.toEpochMilli();
            this.firstHour = since.truncatedTo(ChronoUnit.HOURS).toEpochMilli();
            int count = (int) Math.max(1, (untilMillis - firstHour + 3_599_999) / 3_600_000);
            this.hours = new int[count][3];
            this.taskNames = taskNames;
            this.tasks = new Tally[taskNames.size()];
        }

        /** One attempt of task number {@code task}, {@code endedMs} negative while it runs. */
        void add(int task, RunHistory.Status status, long startedMs, long endedMs) {
            if (endedMs < 0) {
                if (startedMs <= untilMillis) {
                    overall.running++;
                    tally(task).running++;
                }
                return;
            }
            if (endedMs < sinceMillis || endedMs > untilMillis) {
                return;
            }
            long took = endedMs - startedMs;
            overall.add(status, took);
            tally(task).add(status, took);
            int[] hour = hours[(int) Math.min(hours.length - 1, (endedMs - firstHour) / 3_600_000)];
            hour[0]++;
            switch (status) {
                case SUCCEEDED -> hour[1]++;
                case FAILED, ABANDONED -> hour[2]++;
                default -> {
                }
            }
        }

        private Tally tally(int task) {
            Tally tally = tasks[task];
            if (tally == null) {
                tally = new Tally();
                tasks[task] = tally;
            }
            return tally;
        }

        RunSummary build() {
            double span = Duration.between(since, until).toMillis() / 3_600_000.0;
            Map<String, Stats> byTask = new HashMap<>();
            for (int i = 0; i < tasks.length; i++) {
                if (tasks[i] != null) {
                    byTask.put(taskNames.get(i), tasks[i].stats(span));
                }
            }
            List<Hour> series = new ArrayList<>(hours.length);
            for (int i = 0; i < hours.length; i++) {
                Instant start = Instant.ofEpochMilli(firstHour + i * 3_600_000L);
                series.add(new Hour(start, hours[i][0], hours[i][1], hours[i][2]));
            }
            return new RunSummary(since, until, round(span, 3), overall.stats(span), byTask, series);
        }
    }

    /** Counts of one task (or all), with the durations of its successes. */
    private static final class Tally {
        int succeeded;
        int failed;
        int abandoned;
        int interrupted;
        int running;
        long[] durations = new long[16];
        long total;

        void add(RunHistory.Status status, long took) {
            switch (status) {
                case SUCCEEDED -> {
                    if (succeeded == durations.length) {
                        durations = Arrays.copyOf(durations, durations.length * 2);
                    }
                    durations[succeeded++] = took;
                    total += took;
                }
                case FAILED -> failed++;
                case ABANDONED -> abandoned++;
                case INTERRUPTED -> interrupted++;
                default -> {
                }
            }
        }

        Stats stats(double hours) {
            int judged = succeeded + failed + abandoned;
            Double errorRate = judged == 0 ? null : round((double) (failed + abandoned) / judged, 4);
            double throughput = hours <= 0 ? 0 : round((succeeded + abandoned) / hours, 3);
            if (succeeded == 0) {
                return new Stats(succeeded + failed + abandoned + interrupted, succeeded, failed, abandoned,
                        interrupted, running, throughput, errorRate, null, null, null);
            }
            Arrays.sort(durations, 0, succeeded);
            return new Stats(succeeded + failed + abandoned + interrupted, succeeded, failed, abandoned, interrupted,
                    running, throughput, errorRate, Math.round((double) total / succeeded),
                    percentile(durations, succeeded, 50), percentile(durations, succeeded, 95));
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
