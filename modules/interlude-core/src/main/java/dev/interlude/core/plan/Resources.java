package dev.interlude.core.plan;

import java.util.Map;

/**
 * What runs may use at once: a memory budget in MB, a global concurrency limit, and per-category concurrency
 * limits (a category without a limit is bounded by the global one only).
 */
public record Resources(long memoryBudgetMb, int maxConcurrentRuns, Map<String, Integer> maxRunsPerCategory) {

    public Resources {
        if (memoryBudgetMb < 0) {
            throw new IllegalArgumentException("memory budget must not be negative");
        }
        if (maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("max concurrent runs must be at least 1");
        }
        maxRunsPerCategory = Map.copyOf(maxRunsPerCategory);
    }

    public int categoryLimit(String category) {
        return maxRunsPerCategory.getOrDefault(category, Integer.MAX_VALUE);
    }
}
