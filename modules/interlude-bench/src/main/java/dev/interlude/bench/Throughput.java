package dev.interlude.bench;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.task.Trigger;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.handler.TaskResult;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.status.StatusType;
import dev.interlude.engine.supervisor.Supervisor;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * (a) N immediate runs end to end: N requests of a no-op task sent to the supervisor, at most {@value #IN_FLIGHT}
 * unanswered at once (as many API clients would), each queued, planned, journaled as started, run by its own runner
 * and journaled as succeeded. Throughput is N over the time from the first request to the last
 * {@code run_succeeded} on the status feed (published once that event is journaled), on a fresh node and journal
 * after {@value #WARMUP} runs on another (reported apart: a warm-up of the JVM, as in the lateness scenario). Then
 * Quartz does the same on the same PostgreSQL ({@link QuartzThroughput}), and the ratio is printed.
 */
final class Throughput {

    /** Requests sent and not yet answered, at most. */
    static final int IN_FLIGHT = 2_000;
    static final String TASK = "noop";
    /**
     * Runs on a node of each backend before the measured one, not counted: the JIT compiles the path of a run (the
     * supervisor, the journal's serialization, the database driver) in the first tens of thousands, which a node
     * in service has long done. The first 100,000 in a JVM measured 6,000 to 8,000 runs/s on PostgreSQL, the next
     * 11,000 to 15,000.
     */
    static final int WARMUP = 30_000;
    static final int WARMUP_QUICK = 200;
    /** Quartz's jobs at most: it inserts a few hundred a second, so 100,000 would take most of the run to insert. */
    static final int QUARTZ_JOBS = 20_000;

    private Throughput() {
    }

    /** What one backend did: {@code completed} of {@code requested} runs in {@code seconds}. */
    record Result(long requested, long completed, double seconds, double requestSeconds, Histogram ackMicros,
                  boolean timedOut) {
        double perSecond() {
            return completed / seconds;
        }
    }

    static void run(Bench.Options options, Report report) throws Exception {
        int runs = options.quick() ? 1_000 : 100_000;
        Duration limit = options.quick() ? Duration.ofSeconds(30) : Duration.ofMinutes(3);
        int warmup = options.quick() ? WARMUP_QUICK : WARMUP;
        report.metric("runs asked for", runs, "");
        report.metric("warm-up runs before each backend's (not counted)", warmup, "");
        Result h2Warmup = interlude(new BenchNode.H2(options.work().resolve("throughput").resolve("warmup")), warmup,
                limit);
        report.metric("Interlude H2 warm-up throughput", h2Warmup.perSecond(), "runs/s");
        Result h2 = interlude(new BenchNode.H2(options.work().resolve("throughput").resolve("journal")), runs, limit);
        show(report, "Interlude H2", h2);
        String schema = "interlude_bench_throughput";
        Optional<BenchNode.Pg> store = options.postgres().freshStore(schema, report,
                "PostgreSQL (Interlude on PostgreSQL and Quartz)");
        if (store.isEmpty()) {
            return;
        }
        Result pgWarmup = interlude(store.get(), warmup, limit);
        report.metric("Interlude PostgreSQL warm-up throughput", pgWarmup.perSecond(), "runs/s");
        options.postgres().freshJournalSchema(schema);
        Result pg = interlude(store.get(), runs, limit);
        show(report, "Interlude PostgreSQL", pg);
        int jobs = Math.min(runs, QUARTZ_JOBS);
        QuartzThroughput.Result quartz = QuartzThroughput.run(options.postgres(), jobs, limit);
        report.metric("Quartz jobs", jobs, "");
        report.metric("Quartz scheduling (insert jobs)", quartz.scheduledPerSecond(), "jobs/s");
        report.metric("Quartz jobs executed" + (quartz.timedOut() ? " (time limit)" : ""), quartz.executed(), "");
        report.metric("Quartz JDBC throughput", quartz.perSecond(), "jobs/s");
        report.metric("ratio Interlude PostgreSQL / Quartz", pg.perSecond() / quartz.perSecond(), "x", ">= 20x");
        report.metric("ratio Interlude H2 / Quartz", h2.perSecond() / quartz.perSecond(), "x");
        report.note("Quartz " + QuartzThroughput.VERSION + ": JobStoreTX, PostgreSQLDelegate, 50 threads, batch "
                + "acquisition 100, its own schema quartz_bench; one no-op job with a SimpleTrigger starting now per run,"
                + " inserted before the scheduler starts; throughput from its first fire to its last completion");
        if (h2.timedOut() || pg.timedOut() || quartz.timedOut()) {
            report.note("a run that hit the time limit (" + limit.toSeconds() + " s) reports what completed by then");
        }
    }

    private static void show(Report report, String name, Result r) {
        report.metric(name + " runs completed" + (r.timedOut() ? " (time limit)" : ""), r.completed(), "");
        report.metric(name + " throughput", r.perSecond(), "runs/s", ">= 10,000");
        report.metric(name + " request answered p50", ms(r.ackMicros(), 50), "ms");
        report.metric(name + " request answered p99", ms(r.ackMicros(), 99), "ms");
    }

    static double ms(Histogram micros, double percentile) {
        return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** N immediate runs on a fresh node journaling to {@code store}. */
    static Result interlude(BenchNode.Store store, int runs, Duration limit) throws Exception {
        HandlerRegistry registry = HandlerRegistry.empty()
                .register(TASK, context -> CompletableFuture.completedFuture(TaskResult.success("ok")));
        try (BenchNode node = BenchNode.start(store, BenchNode.catalog(
                BenchNode.task(TASK, new Trigger.Manual(), TASK).build()), registry, ConfigFactory.empty())) {
            AtomicLong lastEnd = new AtomicLong();
            CountDownLatch ended = new CountDownLatch(runs);
            node.subscribe(succeeded(lastEnd, ended), "throughput-feed");
            AskPattern.<StatusHub.Command, StatusHub.SubscriberCount>ask(node.hub, StatusHub.GetSubscriberCount::new,
                    Duration.ofSeconds(10), node.system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);

            Semaphore window = new Semaphore(IN_FLIGHT);
            Recorder acks = new Recorder(3);
            AtomicReference<Throwable> refused = new AtomicReference<>();
            long deadline = System.nanoTime() + limit.toNanos();
            long started = System.nanoTime();
            long sent = 0;
            while (sent < runs && refused.get() == null
                    && window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                long asked = System.nanoTime();
                AskPattern.<Supervisor.Command, StatusReply<String>>ask(node.supervisor,
                                replyTo -> new Supervisor.RequestRun(TASK, Map.of(), "bench", replyTo),
                                limit.plusSeconds(60), node.system.scheduler())
                        .whenComplete((reply, failure) -> {
                            acks.recordValue(Math.max(1, (System.nanoTime() - asked) / 1000));
                            if (failure != null || reply.isError()) {
                                refused.compareAndSet(null, failure != null ? failure
                                        : new IllegalStateException(reply.getError().getMessage()));
                            }
                            window.release();
                        });
                sent++;
            }
            double requestSeconds = (System.nanoTime() - started) / 1e9;
            if (refused.get() != null) {
                throw new IllegalStateException("a request was refused: " + Bench.describe(refused.get()));
            }
            boolean done = ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            long completed = runs - ended.getCount();
            double seconds = completed == 0 ? limit.toSeconds() : (lastEnd.get() - started) / 1e9;
            return new Result(runs, completed, seconds, requestSeconds, acks.getIntervalHistogram(), !done);
        }
    }

    /** Counts the runs journaled as succeeded, and when the latest was. */
    private static Behavior<StatusEvent> succeeded(AtomicLong lastEnd, CountDownLatch ended) {
        String type = StatusType.RUN_SUCCEEDED.id();
        return Behaviors.receive(StatusEvent.class)
                .onMessage(StatusEvent.class, event -> {
                    if (event.type().equals(type)) {
                        lastEnd.set(System.nanoTime());
                        ended.countDown();
                    }
                    return Behaviors.same();
                })
                .build();
    }
}
