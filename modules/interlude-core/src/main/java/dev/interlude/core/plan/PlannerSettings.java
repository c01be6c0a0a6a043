package dev.interlude.core.plan;

import dev.interlude.core.task.Risk;
import dev.interlude.core.task.TaskSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * How the planner orders and estimates.
 *
 * @param ageBoostEvery   waiting this long raises a task one priority level, so waiting work cannot starve
 * @param maxAgeBoost     the most levels waiting can add
 * @param estimateBuffer  added to the observed average duration (0.2 = 20%)
 * @param averageWeight   weight of the newest observation in the moving average (0 < w <= 1)
 * @param approvalBelowConfidence a HIGH-risk task whose confidence is below this needs an operator's approval,
 *                        like a task that declares {@code requires-approval}
 */
public record PlannerSettings(Duration ageBoostEvery, int maxAgeBoost, double estimateBuffer, double averageWeight,
                              double approvalBelowConfidence) {

    public static final PlannerSettings DEFAULT = new PlannerSettings(Duration.ofMinutes(30), 2, 0.2, 0.3, 0.7);

    public PlannerSettings {
        Objects.requireNonNull(ageBoostEvery, "ageBoostEvery");
        if (ageBoostEvery.isZero() || ageBoostEvery.isNegative()) {
            throw new IllegalArgumentException("age-boost-every must be positive");
        }
        if (maxAgeBoost < 0) {
            throw new IllegalArgumentException("max-age-boost must not be negative");
        }
        if (estimateBuffer < 0) {
            throw new IllegalArgumentException("estimate-buffer must not be negative");
        }
        if (averageWeight <= 0 || averageWeight > 1) {
            throw new IllegalArgumentException("average-weight must be in (0, 1]");
        }
        if (approvalBelowConfidence < 0 || approvalBelowConfidence > 1) {
            throw new IllegalArgumentException("approval-below-confidence must be in [0, 1]");
        }
    }

    /** True if a run of the task must wait for an operator's approval. */
    public boolean needsApproval(TaskSpec spec) {
        return spec.requiresApproval()
                || spec.risk() == Risk.HIGH && spec.confidence() < approvalBelowConfidence;
    }
}
