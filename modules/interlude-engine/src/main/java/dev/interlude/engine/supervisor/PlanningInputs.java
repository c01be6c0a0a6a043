package dev.interlude.engine.supervisor;

import dev.interlude.core.plan.Completion;
import dev.interlude.core.plan.DurationStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The planner's copies of the parts of the supervisor's state that change less often than it decides: each task's
 * last start, last success and observed durations. The planning state takes immutable copies; these are made only
 * when the supervisor's (persistent) collection is another object than the decision before, so consecutive decisions
 * hand the planner the very same objects and its {@link dev.interlude.core.plan.DueIndex} keeps its answers. Kept by
 * the supervisor, on its thread only.
 */
public final class PlanningInputs {

    private Map<String, Instant> lastStartedFrom;
    private Map<String, Instant> lastStarted;
    private Map<String, Completion> successesFrom;
    private List<Completion> completions;
    private Map<String, DurationStats> durationsFrom;
    private Map<String, DurationStats> durations;

    /** Each task's last start, as the planner takes it. */
    Map<String, Instant> lastStarted(Map<String, Instant> source) {
        if (source != lastStartedFrom) {
            lastStarted = Map.copyOf(source);
            lastStartedFrom = source;
        }
        return lastStarted;
    }

    /** Each task's last success, as the planner's completions. */
    List<Completion> completions(Map<String, Completion> lastSucceeded) {
        if (lastSucceeded != successesFrom) {
            completions = List.copyOf(lastSucceeded.values());
            successesFrom = lastSucceeded;
        }
        return completions;
    }

    /** Each task's observed durations, as the planner takes them. */
    Map<String, DurationStats> durations(Map<String, DurationStats> source) {
        if (source != durationsFrom) {
            durations = Map.copyOf(source);
            durationsFrom = source;
        }
        return durations;
    }
}
