package dev.interlude.core.plan;

import com.typesafe.config.Config;
import dev.interlude.core.config.ConfigReader;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The planner's configuration ({@code interlude.planner}): ordering and estimation settings, the memory budget and
 * the concurrency limits. Every problem is reported by its path before anything starts.
 */
public record PlannerConfig(PlannerSettings settings, MemoryBudget memory, int maxConcurrentRuns,
                            Map<String, Integer> maxRunsPerCategory) {

    private static final String PATH = "interlude.planner";

    public PlannerConfig {
        maxRunsPerCategory = Map.copyOf(maxRunsPerCategory);
    }

    /** The limits as of now (an "available" memory budget is read at each call). */
    public Resources resources() {
        return new Resources(memory.currentMb(), maxConcurrentRuns, maxRunsPerCategory);
    }

    public static PlannerConfig load(Config root) {
        List<Problem> problems = new ArrayList<>();
        ConfigReader reader = new ConfigReader(root.getConfig(PATH), PATH, problems);
        Optional<Duration> ageBoostEvery = reader.duration("age-boost-every");
        Optional<Integer> maxAgeBoost = reader.integer("max-age-boost");
        Optional<Double> buffer = reader.decimal("estimate-buffer");
        Optional<Double> weight = reader.decimal("average-weight");
        Optional<Integer> maxConcurrent = reader.integer("max-concurrent-runs");
        ageBoostEvery.filter(d -> d.isZero() || d.isNegative())
                .ifPresent(d -> reader.problem("age-boost-every", "must be positive, got " + d));
        maxAgeBoost.filter(n -> n < 0 || n > 4)
                .ifPresent(n -> reader.problem("max-age-boost", "expected 0 to 4 priority levels, got " + n));
        buffer.filter(b -> b < 0 || b > 10)
                .ifPresent(b -> reader.problem("estimate-buffer", "expected a fraction from 0 to 10, got " + b));
        weight.filter(w -> w <= 0 || w > 1)
                .ifPresent(w -> reader.problem("average-weight", "expected a number in (0, 1], got " + w));
        maxConcurrent.filter(n -> n < 1)
                .ifPresent(n -> reader.problem("max-concurrent-runs", "must be at least 1, got " + n));
        Map<String, Integer> perCategory = categoryLimits(reader);
        Optional<MemoryBudget> memory = reader.block("memory").flatMap(PlannerConfig::memory);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.stream().sorted().toList());
        }
        PlannerSettings settings = new PlannerSettings(ageBoostEvery.get(), maxAgeBoost.get(), buffer.get(),
                weight.get());
        return new PlannerConfig(settings, memory.get(), maxConcurrent.get(), perCategory);
    }

    private static Map<String, Integer> categoryLimits(ConfigReader reader) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        reader.block("max-runs-per-category").ifPresent(block -> {
            for (String category : block.keys()) {
                block.integer(category).ifPresent(n -> {
                    if (n < 1) {
                        block.problem(category, "must be at least 1, got " + n);
                    } else {
                        limits.put(category, n);
                    }
                });
            }
        });
        return limits;
    }

    private static Optional<MemoryBudget> memory(ConfigReader memory) {
        Optional<String> source = memory.string("source");
        Optional<Long> fixedMb = memory.longNumber("fixed-mb");
        Optional<Long> reserveMb = memory.longNumber("reserve-mb");
        Optional<String> meminfo = memory.string("meminfo-path");
        fixedMb.filter(mb -> mb < 0).ifPresent(mb -> memory.problem("fixed-mb", "must not be negative, got " + mb));
        reserveMb.filter(mb -> mb < 0).ifPresent(mb -> memory.problem("reserve-mb", "must not be negative, got " + mb));
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
}
