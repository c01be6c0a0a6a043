package dev.interlude.http;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.plan.Blocked;
import dev.interlude.core.plan.Completion;
import dev.interlude.core.plan.Plan;
import dev.interlude.core.plan.Planner;
import dev.interlude.core.plan.PlanningState;
import dev.interlude.engine.supervisor.SupervisorEvent.DispatchStopped;
import dev.interlude.engine.supervisor.SupervisorState;
import dev.interlude.engine.supervisor.SupervisorState.RunningRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code GET /api/v1/status} and {@code GET /api/v1/approvals} answer: the supervisor's state at an instant,
 * read together with the catalog, the windows and the planner, as JSON-ready maps. Instants are ISO-8601 with the
 * exchange's offset, as in the budget.
 */
final class StatusView {

    private static final TypeReference<LinkedHashMap<String, Object>> RESEARCH = new TypeReference<>() {
    };

    private final NodeApi node;
    private final SupervisorState state;
    private final Instant now;
    private final ZoneId zone;
    private final PlanningState planning;
    private final Plan plan;

    StatusView(NodeApi node, SupervisorState state, Instant now) {
        this.node = node;
        this.state = state;
        this.now = now;
        this.zone = node.windows().zone();
        // What the supervisor's planner sees at now, built as the supervisor builds it.
        this.planning = state.toPlanningState(node.catalog(), node.windows().frameAt(now), node.planner().resources(),
                node.planner().settings(), now);
        this.plan = Planner.plan(planning, now);
    }

    /** The planner's decision on the state now: what the supervisor would start, and why the rest waits. */
    Plan plan() {
        return plan;
    }

    Map<String, Object> status() {
        BudgetJson.Budget budget = BudgetJson.at(node.windows(), zone, now.truncatedTo(ChronoUnit.SECONDS));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", budget.at());
        body.put("mode", budget.mode());
        body.put("phase", budget.phase());
        body.put("phaseStart", budget.phaseStart());
        body.put("phaseEnd", budget.phaseEnd());
        Map<String, Object> research = Api.JSON.convertValue(budget.research(), RESEARCH);
        research.put("busyHours", BudgetJson.hours(busyInCurrentWindow()));
        body.put("research", research);
        body.put("running", running());
        body.put("queued", queued());
        body.put("stopped", state.stopped());
        body.put("stop", state.stop().map(this::stop).orElse(null));
        return body;
    }

    private List<Map<String, Object>> running() {
        List<Map<String, Object>> running = new ArrayList<>();
        state.running().values().stream()
                .sorted(Comparator.comparing(RunningRecord::startedAt).thenComparing(RunningRecord::runId))
                .forEach(run -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("runId", run.runId());
                    r.put("task", run.task());
                    r.put("startedAt", local(run.startedAt()));
                    r.put("attempt", run.attempt());
                    r.put("estimatedEnd", node.catalog().get(run.task())
                            .map(spec -> local(run.startedAt().plus(Planner.estimate(spec, planning))))
                            .orElse(null));
                    running.add(r);
                });
        return running;
    }

    /**
     * Runs waiting: every open request, every pending retry, and every task due now by its trigger that does not
     * start (a task with a request or a retry waiting is counted by those).
     */
    private int queued() {
        Set<String> counted = new HashSet<>();
        state.requests().values().forEach(r -> counted.add(r.taskName()));
        state.retries().values().forEach(r -> counted.add(r.taskName()));
        long dueByTrigger = plan.blocked().stream()
                .filter(b -> b.dueSince().isPresent() && !counted.contains(b.taskName()))
                .count();
        return state.requests().size() + state.retries().size() + (int) dueByTrigger;
    }

    private Map<String, Object> stop(DispatchStopped stop) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("reason", stop.reason());
        s.put("by", stop.by());
        s.put("at", local(stop.at()));
        s.put("cancelRunning", stop.cancelRunning());
        return s;
    }

    /**
     * The time of the current research window so far in which at least one run was in flight; zero outside a
     * research window.
     */
    Duration busyInCurrentWindow() {
        return node.windows().researchWindowContaining(now)
                .map(w -> busy(w.start().toInstant(), now, state.completions(), state.running().values()))
                .orElse(Duration.ZERO);
    }

    /**
     * The time from {@code from} to {@code now} in which at least one run was in flight: the union of the ended
     * runs' spans and of the running runs' spans up to now, each clipped to [{@code from}, {@code now}).
     */
    static Duration busy(Instant from, Instant now, Collection<Completion> ended, Collection<RunningRecord> running) {
        List<Instant[]> spans = new ArrayList<>();
        for (Completion c : ended) {
            spans.add(new Instant[] {c.startedAt(), c.finishedAt()});
        }
        for (RunningRecord run : running) {
            spans.add(new Instant[] {run.startedAt(), now});
        }
        spans.sort(Comparator.comparing((Instant[] s) -> s[0]));
        Duration busy = Duration.ZERO;
        Instant counted = from;
        for (Instant[] span : spans) {
            Instant start = span[0].isAfter(counted) ? span[0] : counted;
            Instant end = span[1].isBefore(now) ? span[1] : now;
            if (end.isAfter(start)) {
                busy = busy.plus(Duration.between(start, end));
                counted = end;
            }
        }
        return busy;
    }

    /** Tasks awaiting an approval, and the approvals and denials in force. */
    Map<String, Object> approvals() {
        List<Map<String, Object>> awaiting = new ArrayList<>();
        state.awaiting().entrySet().stream()
                .filter(a -> a.getValue().isAfter(now))
                .sorted(Map.Entry.comparingByKey())
                .forEach(a -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("task", a.getKey());
                    entry.put("reason", plan.blockedTask(a.getKey())
                            .filter(b -> b.reason() == BlockReason.AWAITING_APPROVAL)
                            .map(Blocked::detail)
                            .orElse("awaiting an operator's approval"));
                    entry.put("expiresAt", local(a.getValue()));
                    awaiting.add(entry);
                });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("awaiting", awaiting);
        body.put("approved", inForce(state.approvals()));
        body.put("denied", inForce(state.denials()));
        return body;
    }

    private List<Map<String, Object>> inForce(Map<String, Instant> decisions) {
        List<Map<String, Object>> list = new ArrayList<>();
        decisions.entrySet().stream()
                .filter(d -> d.getValue().isAfter(now))
                .sorted(Map.Entry.comparingByKey())
                .forEach(d -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("task", d.getKey());
                    entry.put("until", local(d.getValue()));
                    list.add(entry);
                });
        return list;
    }

    /** {@code instant} to the second, with the exchange's offset. */
    String local(Instant instant) {
        return BudgetJson.local(instant.truncatedTo(ChronoUnit.SECONDS), zone);
    }
}
