package dev.interlude.http;

import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * How a node watches itself: the run history (the audit trail, followed from the journal), the Prometheus
 * metrics, and the health verdict, with their settings. One per node, started with it.
 */
public final class Monitoring {

    private final RunHistory history;
    private final Metrics metrics;
    private final MonitoringSettings settings;

    public Monitoring(RunHistory history, Metrics metrics, MonitoringSettings settings) {
        this.history = Objects.requireNonNull(history, "history");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Starts watching a node: the history reads the journal and follows it (counting each attempt in the metrics),
     * and a probe subscribed to the status hub measures the journal's write latency.
     */
    public static Monitoring start(ActorSystem<?> system, JournalEvents journal, ActorRef<StatusHub.Command> hub,
                                   InstantSource clock, MonitoringSettings settings) {
        RunHistory history = new RunHistory(settings.historyAttempts());
        Metrics metrics = new Metrics();
        history.onSettled(metrics::settled);
        history.follow(system, journal);
        ActorRef<StatusEvent> probe = system.systemActorOf(metrics.journalProbe(clock), "journal-latency-probe",
                Props.empty());
        hub.tell(new StatusHub.Subscribe(probe, Optional.empty()));
        return new Monitoring(history, metrics, settings);
    }

    public RunHistory history() {
        return history;
    }

    public Metrics metrics() {
        return metrics;
    }

    public MonitoringSettings settings() {
        return settings;
    }

    /**
     * The node's vitals now: asks the supervisor for its state, waiting at most {@code supervisor-timeout}; the
     * stage always completes (without a state when the supervisor did not answer in time).
     */
    public CompletionStage<Vitals> vitals(NodeApi node) {
        long asked = System.nanoTime();
        return supervisorState(node).thenApply(state -> Vitals.of(node, history, settings, node.clock().instant(),
                state, Duration.ofNanos(System.nanoTime() - asked)));
    }

    /**
     * The supervisor's state, if it answers within {@code supervisor-timeout} (it answers once it has recovered its
     * journal); the stage always completes.
     */
    public CompletionStage<Optional<SupervisorState>> supervisorState(NodeApi node) {
        return node.state().toCompletableFuture()
                .orTimeout(settings.supervisorTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((state, failure) -> failure == null ? Optional.of(state) : Optional.empty());
    }

    /** The node's health verdict now, with each check. */
    public CompletionStage<Health> health(NodeApi node) {
        return vitals(node).thenApply(v -> Health.of(v, settings));
    }
}
