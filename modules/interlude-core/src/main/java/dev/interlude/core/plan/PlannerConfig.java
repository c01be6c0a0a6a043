package dev.interlude.core.plan;

import com.typesafe.config.Config;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.task.TaskBounds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The planner's configuration ({@code interlude.planner}): ordering and estimation settings, the memory budget and
 * the concurrency limits. Every problem is reported by its path before anything starts, including keys the planner
 * does not know (with the closest known key as a suggestion).
 */
public record PlannerConfig(PlannerSettings settings, MemoryBudget memory, int maxConcurrentRuns,
                            Map<String, Integer> maxRunsPerCategory) {

    private static final Set<String> KEYS = Set.of("age-boost-every", "max-age-boost", "estimate-buffer",
            "average-weight", "approval-below-confidence", "max-concurrent-runs", "max-runs-per-category", "memory");
    /** Waiting a week without a boost is no boost: the longest age-boost-every. */
    static final Duration MAX_AGE_BOOST_EVERY = Duration.ofDays(7);
    private static final Set<String> MEMORY_KEYS = Set.of("source", "fixed-mb", "reserve-mb", "meminfo-path");

    public PlannerConfig {
        maxRunsPerCategory = Map.copyOf(maxRunsPerCategory);
    }

    /** The limits as of now (an "available" memory budget is read at each call). */
    public Resources resources() {
        return new Resources(memory.currentMb(), maxConcurrentRuns, maxRunsPerCategory);
    }

    /**
     * Reads {@code interlude.planner} from {@code root}, which already has the reference defaults as its fallback.
     *
     * @throws InvalidInputException listing every problem found (unknown keys included), sorted by path
     */
    public static PlannerConfig load(Config root) {
        List<Problem> problems = new ArrayList<>();
        Optional<ConfigSection> planner = new ConfigSection(root.root(), "", problems).requiredSection("interlude")
                .flatMap(interlude -> interlude.requiredSection("planner"));
        Optional<PlannerConfig> config = planner.flatMap(PlannerConfig::read);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.stream().sorted().distinct().toList());
        }
        return config.orElseThrow();
    }

    private static Optional<PlannerConfig> read(ConfigSection planner) {
        planner.allowOnly(KEYS);
        planner.require("age-boost-every", "max-age-boost", "estimate-buffer", "average-weight",
                "approval-below-confidence", "max-concurrent-runs");
        Optional<Duration> ageBoostEvery = planner.positiveDuration("age-boost-every", MAX_AGE_BOOST_EVERY);
        Optional<Integer> maxAgeBoost = planner.wholeNumber("max-age-boost", "a whole number of priority levels", 0,
                4);
        Optional<Double> buffer = planner.number("estimate-buffer", 0, 10);
        Optional<Double> weight = planner.ensure("average-weight", planner.number("average-weight"),
                w -> w > 0 && w <= 1, w -> "expected a number in (0, 1], got " + w);
        Optional<Double> approvalBelow = planner.number("approval-below-confidence", 0, 1);
        Optional<Integer> maxConcurrent = planner.wholeNumber("max-concurrent-runs", "a whole number of runs", 1,
                TaskBounds.MAX_CONCURRENT_RUNS);
        Map<String, Integer> perCategory = planner.requiredSection("max-runs-per-category")
                .map(PlannerConfig::categoryLimits).orElse(Map.of());
        Optional<MemoryBudget> memory = planner.requiredSection("memory").flatMap(PlannerConfig::memory);
        if (ageBoostEvery.isEmpty() || maxAgeBoost.isEmpty() || buffer.isEmpty() || weight.isEmpty()
                || approvalBelow.isEmpty() || maxConcurrent.isEmpty() || memory.isEmpty()) {
            return Optional.empty();
        }
        PlannerSettings settings = new PlannerSettings(ageBoostEvery.get(), maxAgeBoost.get(), buffer.get(),
                weight.get(), approvalBelow.get());
        return Optional.of(new PlannerConfig(settings, memory.get(), maxConcurrent.get(), perCategory));
    }

    /** Limits by category; the keys are the catalog's free-form category names, so any key is allowed. */
    private static Map<String, Integer> categoryLimits(ConfigSection limits) {
        Map<String, Integer> byCategory = new LinkedHashMap<>();
        for (String category : limits.keys()) {
            limits.wholeNumber(category, "a whole number of runs", 1, TaskBounds.MAX_CONCURRENT_RUNS)
                    .ifPresent(n -> byCategory.put(category, n));
        }
        return byCategory;
    }

    private static Optional<MemoryBudget> memory(ConfigSection memory) {
        memory.allowOnly(MEMORY_KEYS);
        memory.require("source", "fixed-mb", "reserve-mb", "meminfo-path");
        Optional<String> source = memory.choice("source", List.of("fixed", "available"));
        Optional<Integer> fixedMb = notNegativeMb(memory, "fixed-mb");
        Optional<Integer> reserveMb = notNegativeMb(memory, "reserve-mb");
        Optional<String> meminfo = memory.string("meminfo-path");
        if (source.isEmpty() || fixedMb.isEmpty() || reserveMb.isEmpty() || meminfo.isEmpty()) {
            return Optional.empty();
        }
        switch (source.get()) {
            case "fixed":
                return Optional.of(new MemoryBudget.Fixed(fixedMb.get()));
            case "available":
                return Optional.of(new MemoryBudget.Available(Path.of(meminfo.get()), reserveMb.get(), fixedMb.get()));
            default:
                memory.problem("source", "expected \"fixed\" or \"available\", got \"" + source.get() + "\"");
                return Optional.empty();
        }
    }

    private static Optional<Integer> notNegativeMb(ConfigSection memory, String key) {
        return memory.wholeNumber(key, "a whole number of megabytes", 0, TaskBounds.MAX_MEMORY_MB);
    }
}
