package dev.interlude.http;

import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusType;
import dev.interlude.http.RunHistory.Attempt;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The node's Prometheus metrics, in a registry of its own (not the client's global default, so two nodes in one JVM
 * do not share counters). Three kinds:
 * <ul>
 *   <li>kept up to date as things happen: attempts by task and outcome and their durations (from the run history,
 *       which reads the whole journal at start, so the counters cover every attempt on record and do not fall back
 *       to zero when the node restarts), and the journal's write latency (see {@link #journalProbe});</li>
 *   <li>computed on each scrape from {@link Vitals}: runs in flight, queue depth, tasks waiting by reason, the
 *       current research window's utilization, whether the supervisor answered and whether dispatch is stopped;
 *       absent when the supervisor did not answer (never stale);</li>
 *   <li>set by other parts of the node: {@link #sseSubscribers()}.</li>
 * </ul>
 * The JVM's own metrics (memory, GC, threads) are registered too.
 */
public final class Metrics {

    /** Status types that come from a journaled event: their instant is the one the supervisor stamped it with. */
    private static final Set<String> JOURNALED = EnumSet.complementOf(EnumSet.of(StatusType.PHASE_CHANGED,
            StatusType.MODE_CHANGED, StatusType.BUDGET_CHANGED, StatusType.ALERT)).stream()
            .map(StatusType::id).collect(Collectors.toUnmodifiableSet());

    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter runs;
    private final Histogram durations;
    private final Histogram journalLatency;
    private final AtomicInteger sseSubscribers = new AtomicInteger();
    /** What the last scrape saw; the scrape-time gauges read it. */
    private volatile Optional<Vitals> vitals = Optional.empty();

    public Metrics() {
        runs = Counter.builder().name("interlude_runs_total")
                .help("Attempts of runs that ended, by task and outcome: succeeded, failed (and retried), "
                        + "abandoned (failed for good), interrupted (the node stopped while it ran)")
                .labelNames("task", "outcome").register(registry);
        durations = Histogram.builder().name("interlude_run_duration_seconds")
                .help("How long attempts of runs took, by task and outcome")
                .labelNames("task", "outcome").classicOnly()
                .classicUpperBounds(0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800)
                .register(registry);
        journalLatency = Histogram.builder().name("interlude_journal_write_latency_seconds")
                .help("From the instant the supervisor stamps an event (as it decides, just before persisting it) to "
                        + "the instant this node's status hub publishes it, after the journal acknowledged the write")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        GaugeWithCallback.builder().name("interlude_sse_subscribers")
                .help("Clients following the status feed over server-sent events")
                .callback(c -> c.call(sseSubscribers.get())).register(registry);
        GaugeWithCallback.builder().name("interlude_supervisor_up")
                .help("1 when the supervisor answered the last scrape in time (it answers once recovered), else 0")
                .callback(c -> c.call(vitals.map(v -> v.supervisorAnswered() ? 1 : 0).orElse(0))).register(registry);
        GaugeWithCallback.builder().name("interlude_running_runs")
                .help("Runs in flight")
                .callback(c -> answered().ifPresent(v -> c.call(v.running()))).register(registry);
        GaugeWithCallback.builder().name("interlude_queue_depth")
                .help("Runs waiting to start: open requests, retries waiting, and tasks due by their trigger not "
                        + "started")
                .callback(c -> answered().ifPresent(v -> c.call(v.queueDepth()))).register(registry);
        GaugeWithCallback.builder().name("interlude_blocked_tasks")
                .help("Tasks the planner does not start now, by the reason it gives")
                .labelNames("reason")
                .callback(c -> answered().ifPresent(v -> v.blocked().forEach((reason, n) -> c.call(n, reason.id()))))
                .register(registry);
        GaugeWithCallback.builder().name("interlude_dispatch_stopped")
                .help("1 while dispatch is stopped (the emergency stop), else 0")
                .callback(c -> answered().flatMap(Vitals::state).ifPresent(s -> c.call(s.stopped() ? 1 : 0)))
                .register(registry);
        GaugeWithCallback.builder().name("interlude_window_utilization_ratio")
                .help("Share of the current research window so far in which at least one run was in flight; "
                        + "absent outside research windows")
                .callback(c -> vitals.ifPresent(v -> v.windowUtilization().ifPresent(c::call))).register(registry);
        GaugeWithCallback.builder().name("interlude_journal_last_sequence_number")
                .help("The last journal sequence number this node has read")
                .callback(c -> vitals.ifPresent(v -> c.call(v.journalSequenceNr()))).register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** The registry, for a test or for registering more collectors. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * The number of clients following the status feed over server-sent events: the feed increments it when a
     * client connects and decrements it when the client goes ({@code interlude_sse_subscribers}).
     */
    public AtomicInteger sseSubscribers() {
        return sseSubscribers;
    }

    /** An attempt's outcome is final: counts it, and observes its duration. */
    void settled(Attempt attempt) {
        String outcome = attempt.status().id();
        runs.labelValues(attempt.task(), outcome).inc();
        attempt.duration().ifPresent(d -> durations.labelValues(attempt.task(), outcome)
                .observe(Math.max(0, d.toNanos()) / 1e9));
    }

    /** One journal write took {@code latency} from stamp to publication. */
    void journaled(Duration latency) {
        if (!latency.isNegative()) {
            journalLatency.observe(latency.toNanos() / 1e9);
        }
    }

    /**
     * A subscriber of the node's status hub that measures the journal's write latency: the supervisor stamps each
     * event with its clock as it decides, persists it, and only then tells the hub; so the time from the stamp to
     * the hub's publication is the persist round-trip (plus one message hop, and the cluster topic's hop when the
     * supervisor runs on another node). Only status events that come from journaled events are measured.
     */
    Behavior<StatusEvent> journalProbe(InstantSource clock) {
        return Behaviors.receive(StatusEvent.class)
                .onMessage(StatusEvent.class, e -> {
                    if (JOURNALED.contains(e.type())) {
                        journaled(Duration.between(e.at(), clock.instant()));
                    }
                    return Behaviors.same();
                })
                .build();
    }

    /** One scrape's body and its content type. */
    public record Scrape(String contentType, byte[] body) {
    }

    /**
     * Writes every metric, with the gauges computed from {@code now}, in the format {@code accept} asks for: the
     * Prometheus text format unless it asks for OpenMetrics.
     */
    public synchronized Scrape scrape(Vitals now, String accept) {
        vitals = Optional.of(now);
        ExpositionFormatWriter writer = FORMATS.findWriter(accept);
        if (!writer.isAvailable() || !writer.getContentType().startsWith("text/")
                && !writer.getContentType().startsWith("application/openmetrics-text")) {
            writer = FORMATS.getPrometheusTextFormatWriter();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scrape(writer.getContentType(), out.toByteArray());
    }

    private Optional<Vitals> answered() {
        return vitals.filter(Vitals::supervisorAnswered);
    }
}
