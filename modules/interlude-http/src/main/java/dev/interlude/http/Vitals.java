package dev.interlude.http;

import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.plan.Blocked;
import dev.interlude.core.plan.Completion;
import dev.interlude.core.plan.PendingRetry;
import dev.interlude.core.plan.Plan;
import dev.interlude.core.plan.Planner;
import dev.interlude.core.plan.RunRequest;
import dev.interlude.core.window.ResearchWindow;
import dev.interlude.core.window.TimeFrame;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The node at one instant, as its health verdict and its Prometheus gauges read it: whether the supervisor answered
 * (and its state), what the planner would say now, the backlog, the research window and how busy it has been, and
 * the attempts of the recent past.
 *
 * @param at                when it was taken
 * @param memberStatus      this node's status as a cluster member ({@code Up} when it serves)
 * @param state             the supervisor's state; empty when it did not answer in time
 * @param waited            how long the supervisor took to answer (or how long it was waited for)
 * @param plan              what the planner decides from that state now; empty without a state
 * @param queueDepth        runs waiting to start: requests, retries, and tasks due by their trigger not started
 * @param blocked           how many tasks wait, by reason (every reason, 0 included); empty without a state
 * @param window            the research window the node is in, if it is in one
 * @param windowUtilization the share of that window so far in which at least one run was in flight
 * @param lastCompletion    when the last run ended (succeeded or abandoned), in the supervisor's recent memory
 * @param journalSequenceNr the last journal sequence number this node has read
 * @param recent            the attempts of the last {@code recentWindow}
 */
public record Vitals(Instant at, String memberStatus, Optional<SupervisorState> state, Duration waited,
                     Optional<Plan> plan, int queueDepth, Map<BlockReason, Integer> blocked,
                     Optional<ResearchWindow> window, OptionalDouble windowUtilization,
                     Optional<Instant> lastCompletion, long journalSequenceNr, RunSummary.Stats recent,
                     Duration recentWindow) {

    public Vitals {
        blocked = Collections.unmodifiableMap(blocked.isEmpty() ? Map.of() : new EnumMap<>(blocked));
    }

    /** Whether the supervisor answered. */
    public boolean supervisorAnswered() {
        return state.isPresent();
    }

    /** Runs in flight; 0 without a state. */
    public int running() {
        return state.map(s -> s.running().size()).orElse(0);
    }

    /** Takes the node's vitals from the supervisor's answer (empty if it did not answer in time) and the history. */
    static Vitals of(NodeApi node, RunHistory history, MonitoringSettings settings, Instant now,
                     Optional<SupervisorState> state, Duration waited) {
        TimeFrame frame = node.windows().frameAt(now);
        Optional<Plan> plan = state.map(s -> Planner.plan(s.toPlanningState(node.catalog(), frame,
                node.planner().resources(), node.planner().settings(), now), now));
        Map<BlockReason, Integer> blocked = new EnumMap<>(BlockReason.class);
        plan.ifPresent(p -> {
            for (BlockReason reason : BlockReason.values()) {
                blocked.put(reason, 0);
            }
            p.blocked().forEach(b -> blocked.merge(b.reason(), 1, Integer::sum));
        });
        int queue = state.map(s -> queueDepth(s, plan.orElseThrow())).orElse(0);
        Optional<ResearchWindow> window = frame.researchWindow();
        OptionalDouble utilization = window.map(w -> OptionalDouble.of(history.busyShare(w.start().toInstant(),
                now))).orElse(OptionalDouble.empty());
        Optional<Instant> lastCompletion = state.flatMap(s -> s.completions().stream()
                .map(Completion::finishedAt).max(Instant::compareTo));
        RunSummary.Stats recent = history.summary(now.minus(settings.errorRateWindow()), now).overall();
        return new Vitals(now, node.memberStatus(), state, waited, plan, queue, blocked, window, utilization,
                lastCompletion, history.lastSequenceNr(), recent, settings.errorRateWindow());
    }

    /**
     * Runs waiting to start: each open request, each retry waiting for its attempt, and each task due by its
     * trigger that the planner does not start now (a task is due when its block carries the instant it became due).
     */
    static int queueDepth(SupervisorState state, Plan plan) {
        Set<String> counted = new HashSet<>();
        state.requests().values().stream().map(RunRequest::taskName).forEach(counted::add);
        state.retries().values().stream().map(PendingRetry::taskName).forEach(counted::add);
        int due = 0;
        for (Blocked b : plan.blocked()) {
            if (b.dueSince().isPresent() && !counted.contains(b.taskName())) {
                due++;
            }
        }
        return state.requests().size() + state.retries().size() + due;
    }
}
