package dev.interlude.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerConfigTest {

    private static Config config(String text) {
        return ConfigFactory.parseString(text).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    @Test
    void defaults_give_a_thirty_minute_age_boost_and_a_twenty_percent_buffer() {
        PlannerConfig config = PlannerConfig.load(config(""));
        assertEquals(new PlannerSettings(Duration.ofMinutes(30), 2, 0.2, 0.3, 0.7), config.settings());
        assertEquals(4, config.maxConcurrentRuns());
        assertEquals(Map.of(), config.maxRunsPerCategory());
    }

    @Test
    void reads_a_fixed_memory_budget_and_category_limits() {
        PlannerConfig config = PlannerConfig.load(config(
                "interlude.planner { memory { source = fixed, fixed-mb = 16384 }, max-runs-per-category { research = 1 } }"));
        assertEquals(new Resources(16384, 4, Map.of("research", 1)), config.resources());
        assertEquals("fixed 16384 MB", config.memory().describe());
    }

    @Test
    void available_memory_is_meminfo_minus_the_reserve(@TempDir Path dir) throws IOException {
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       24576000 kB\nMemFree:  1000 kB\nMemAvailable:   10485760 kB\n");
        PlannerConfig config = PlannerConfig.load(config("interlude.planner.memory { source = available, "
                + "reserve-mb = 2048, meminfo-path = \"" + meminfo + "\" }"));
        assertEquals(10240 - 2048, config.resources().memoryBudgetMb());
    }

    @Test
    void available_memory_falls_back_to_the_fixed_budget_without_meminfo(@TempDir Path dir) {
        MemoryBudget budget = new MemoryBudget.Available(dir.resolve("missing"), 2048, 4096);
        assertEquals(4096, budget.currentMb());
        assertEquals(OptionalLong.empty(), MemoryBudget.parseAvailableMb("MemTotal: 1 kB\n"));
        assertEquals(OptionalLong.of(0), MemoryBudget.parseAvailableMb("MemAvailable: 100 kB\n"));
    }

    @Test
    void lists_every_problem_by_path() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PlannerConfig.load(config(
                "interlude.planner { age-boost-every = 0s, max-age-boost = nine, estimate-buffer = -1, "
                        + "average-weight = 2, max-concurrent-runs = 0, max-runs-per-category { research = 0 }, "
                        + "memory { source = guess } }")));
        List<String> lines = e.problems().stream().map(Problem::toString).collect(Collectors.toList());
        assertEquals(List.of(
                "interlude.planner.age-boost-every: must be positive, got 0s",
                "interlude.planner.average-weight: expected a number in (0, 1], got 2.0",
                "interlude.planner.estimate-buffer: must not be negative, got -1",
                "interlude.planner.max-age-boost: expected a whole number of priority levels, got \"nine\"",
                "interlude.planner.max-concurrent-runs: must be at least 1, got 0",
                "interlude.planner.max-runs-per-category.research: must be at least 1, got 0",
                "interlude.planner.memory.source: expected \"fixed\" or \"available\", got \"guess\""), lines);
    }

    @Test
    void a_misspelt_key_is_reported_with_the_key_it_probably_means() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PlannerConfig.load(config(
                "interlude.planner { max-concurent-runs = 8, memory { reserve = 1024, swap-mb = 0 } }")));
        assertEquals(List.of(
                "interlude.planner.max-concurent-runs: unknown key \"max-concurent-runs\", "
                        + "did you mean \"max-concurrent-runs\"?",
                "interlude.planner.memory.reserve: unknown key \"reserve\", did you mean \"reserve-mb\"?",
                "interlude.planner.memory.swap-mb: unknown key \"swap-mb\""),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void category_limits_take_any_category_name() {
        PlannerConfig config = PlannerConfig.load(config(
                "interlude.planner.max-runs-per-category { reserch = 1, \"risk.checks\" = 2 }"));
        assertEquals(Map.of("reserch", 1, "risk.checks", 2), config.maxRunsPerCategory());
    }

    @Test
    void a_required_value_set_to_null_is_reported_with_its_path() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PlannerConfig.load(config(
                "interlude.planner { max-concurrent-runs = null, memory.source = null }")));
        assertEquals(List.of(
                new Problem("interlude.planner.max-concurrent-runs", "missing required key"),
                new Problem("interlude.planner.memory.source", "missing required key")), e.problems());
    }

    @Test
    void numbers_written_as_strings_are_read_as_hocon_converts_them() {
        PlannerConfig config = PlannerConfig.load(config(
                "interlude.planner { max-concurrent-runs = \"8\", estimate-buffer = \"0.5\" }"));
        assertEquals(8, config.maxConcurrentRuns());
        assertEquals(0.5, config.settings().estimateBuffer());
    }
}
