package dev.interlude.http;

import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.plan.Blocked;
import dev.interlude.core.plan.Plan;
import dev.interlude.core.plan.Planner;
import dev.interlude.core.plan.PlannerSettings;
import dev.interlude.core.plan.Start;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.testkit.SimulatedRun;
import dev.interlude.testkit.SimulationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code GET /api/v1/queue} answers: the planner's decision on the supervisor's live state now (what it would
 * start, and why every other task waits, in the order it would consider them), with each waiting task's estimated
 * start and completion from a forecast.
 */
final class QueueView {

    /** Reasons that say a task has nothing to do now, listed only with {@code ?all=true}. */
    static final Set<BlockReason> IDLE = EnumSet.of(BlockReason.DISABLED, BlockReason.WRONG_PHASE,
            BlockReason.NOT_DUE);

    private final TaskCatalog catalog;
    private final PlannerSettings settings;
    private final Plan plan;
    private final Function<Instant, String> local;

    QueueView(TaskCatalog catalog, PlannerSettings settings, Plan plan, Function<Instant, String> local) {
        this.catalog = catalog;
        this.settings = settings;
        this.plan = plan;
        this.local = local;
    }

    /** The tasks {@link #body} lists as waiting: every blocked task that is due, or every one if {@code all}. */
    List<Blocked> waiting(boolean all) {
        return plan.blocked().stream().filter(b -> all || !IDLE.contains(b.reason())).toList();
    }

    /**
     * @param forecast the forecast from now to {@code horizonEnd}; empty when nothing waits (none was needed)
     */
    Map<String, Object> body(boolean all, Optional<SimulationResult> forecast, Instant horizonEnd) {
        Instant now = plan.at();
        Map<String, SimulatedRun> firstStarts = forecast.map(Forecasts::firstStarts).orElse(Map.of());
        List<Map<String, Object>> starting = new ArrayList<>();
        for (Start start : plan.starts()) {
            TaskSpec spec = catalog.get(start.taskName()).orElseThrow();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("task", start.taskName());
            s.put("priority", spec.priority().name());
            ranked(s, spec, Optional.of(start.dueSince()), now);
            s.put("cause", start.cause().name().toLowerCase(Locale.ROOT));
            s.put("attempt", start.attempt());
            s.put("requestId", start.requestId().orElse(null));
            s.put("estimatedCompletion", local.apply(now.plus(start.estimate())));
            starting.add(s);
        }
        List<Map<String, Object>> blocked = new ArrayList<>();
        for (Blocked b : ordered(waiting(all))) {
            TaskSpec spec = catalog.get(b.taskName()).orElseThrow();
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("task", b.taskName());
            w.put("priority", spec.priority().name());
            ranked(w, spec, b.dueSince(), now);
            w.put("reason", b.reason().id());
            w.put("detail", b.detail());
            Optional<SimulatedRun> first = Optional.ofNullable(firstStarts.get(b.taskName()));
            w.put("estimatedStart", first.map(r -> local.apply(r.start())).orElse(null));
            w.put("estimatedCompletion", first.flatMap(SimulatedRun::end).map(local).orElse(null));
            blocked.add(w);
        }
        Map<String, Object> horizon = new LinkedHashMap<>();
        horizon.put("from", local.apply(now));
        horizon.put("to", local.apply(horizonEnd));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", local.apply(now));
        body.put("phase", plan.frame().phase().phase().name());
        body.put("startingNow", starting);
        body.put("blocked", blocked);
        body.put("forecast", horizon);
        return body;
    }

    /**
     * The planner's ordering of a due task: its effective priority after the age boost, the key it is ranked by
     * ({@code score}, lower first), and how long it has waited; nulls for a task that is not due.
     */
    private void ranked(Map<String, Object> entry, TaskSpec spec, Optional<Instant> dueSince, Instant now) {
        entry.put("effectivePriority", dueSince.map(d -> Planner.effectivePriority(spec, d, settings, now).name())
                .orElse(null));
        entry.put("score", dueSince.map(d -> Planner.rankKey(spec, d, settings, now)).orElse(null));
        entry.put("waitingSince", dueSince.map(local).orElse(null));
        entry.put("waitSeconds", dueSince.map(d -> Math.max(0, Duration.between(d, now).toSeconds())).orElse(null));
    }

    /** Due tasks in the planner's order (score, then longest waiting), then the rest by name. */
    private List<Blocked> ordered(List<Blocked> blocked) {
        Instant now = plan.at();
        Comparator<Blocked> byScore = Comparator.comparing((Blocked b) -> b.dueSince().isEmpty())
                .thenComparing(b -> b.dueSince().map(d -> Planner.rankKey(catalog.get(b.taskName()).orElseThrow(),
                        d, settings, now)).orElse(0))
                .thenComparing(b -> b.dueSince().orElse(Instant.MAX))
                .thenComparing(Blocked::taskName);
        return blocked.stream().sorted(byScore).toList();
    }
}
