package dev.interlude.core.plan;

/**
 * Why a task is not starting now. Every task the planner does not start gets exactly one: the first that applies,
 * in the order declared here.
 */
public enum BlockReason {
    DISABLED("disabled"),
    WRONG_PHASE("wrong phase"),
    NOT_DUE("not due"),
    STOPPED("dispatch is stopped"),
    RETRY_BACKOFF("in retry backoff"),
    DEPENDENCY_PENDING("dependency pending"),
    AWAITING_APPROVAL("awaiting approval"),
    ENDPOINT_UNAVAILABLE("endpoint unavailable"),
    CONFLICT_RUNNING("conflicting task running"),
    DOES_NOT_FIT_BUDGET("does not fit the remaining budget"),
    OVER_CONCURRENCY("over concurrency"),
    NOT_ENOUGH_MEMORY("not enough memory");

    private final String label;

    BlockReason(String label) {
        this.label = label;
    }

    /** Lower-case words for operators. */
    public String label() {
        return label;
    }

    /** The snake_case id used in JSON. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
