package dev.interlude.bench;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.task.Trigger;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.handler.TaskResult;
import dev.interlude.engine.supervisor.Supervisor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;

/**
 * (e) The heap that queued runs hold: a node on H2 with dispatch stopped (journaled, as an operator's stop), then N
 * run requests (at most {@value Throughput#IN_FLIGHT} unanswered at once), each journaled as {@code RunQueued} and
 * kept in the supervisor's state until it can start. Used heap after two full collections, minus the same measured
 * before the requests, on the harness's fixed maximum heap (./bench sets -Xmx).
 */
final class QueuedHeap {

    private static final String TASK = "noop";

    private QueuedHeap() {
    }

    static void run(Bench.Options options, Report report) throws Exception {
        int runs = options.quick() ? 5_000 : 100_000;
        Duration limit = options.quick() ? Duration.ofSeconds(60) : Duration.ofMinutes(5);
        HandlerRegistry registry = HandlerRegistry.empty()
                .register(TASK, context -> CompletableFuture.completedFuture(TaskResult.success("ok")));
        try (BenchNode node = BenchNode.start(new BenchNode.H2(options.work().resolve("heap").resolve("journal")),
                BenchNode.catalog(BenchNode.task(TASK, new Trigger.Manual(), TASK).build()), registry,
                ConfigFactory.empty())) {
            node.stopDispatch();
            long before = usedAfterCollections();
            Semaphore window = new Semaphore(Throughput.IN_FLIGHT);
            AtomicLong queued = new AtomicLong();
            AtomicReference<String> refused = new AtomicReference<>();
            long deadline = System.nanoTime() + limit.toNanos();
            long started = System.nanoTime();
            for (int i = 0; i < runs && refused.get() == null; i++) {
                if (!window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
                AskPattern.<Supervisor.Command, StatusReply<String>>ask(node.supervisor,
                                replyTo -> new Supervisor.RequestRun(TASK, Map.of(), "bench", replyTo),
                                limit.plusSeconds(60), node.system.scheduler())
                        .whenComplete((reply, failure) -> {
                            if (failure == null && reply.isSuccess()) {
                                queued.incrementAndGet();
                            } else {
                                refused.compareAndSet(null, failure != null ? Bench.describe(failure)
                                        : reply.getError().getMessage());
                            }
                            window.release();
                        });
            }
            // Every request answered (or the time is up).
            boolean answered = window.tryAcquire(Throughput.IN_FLIGHT,
                    Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (refused.get() != null) {
                throw new IllegalStateException("a request was refused: " + refused.get());
            }
            int inState = node.state().requests().size();
            long after = usedAfterCollections();
            double mb = (after - before) / 1048576.0;
            report.metric("runs queued" + (answered && inState == runs ? "" : " (time limit, of " + runs + ")"),
                    inState, "");
            report.metric("heap held by the queue", mb, "MB", "<= 256 MB with 100,000 queued");
            report.metric("per queued run", inState == 0 ? 0 : (after - before) / (double) inState, "bytes");
            report.metric("heap used in all, after the requests", after / 1048576.0, "MB");
            report.metric("requests queued per second (each journaled)", queued.get() / seconds, "requests/s");
            report.note("max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB; used heap after "
                    + "System.gc() twice, before and after; H2 journal; dispatch stopped");
        }
    }

    private static long usedAfterCollections() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
