package com.example.desk;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.BudgetType;
import dev.interlude.testkit.Simulation;
import dev.interlude.testkit.SimulationResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's example, as a user would write it in their own project: the desk's catalog over MLK weekend. */
class MlkWeekendTest {

    @Test
    void the_desk_fills_the_mlk_weekend() {
        TaskCatalog catalog = CatalogLoader.loadFile(Path.of("../../conf/tasks.conf"), Simulation.XNYS.zone());

        SimulationResult mlk = Simulation.of(catalog)
                .calendar(Simulation.XNYS)
                .seed(7)
                .from("2026-01-16T15:00-05:00")             // Friday, before the close
                .runUntil("2026-01-20T09:30-05:00");        // Tuesday's open, after Monday's holiday

        mlk.assertNoConflictingRunsOverlap()
                .assertMemoryNeverExceeded()
                .assertOrder("run_nightly_research", "validate_candidates")
                .assertUtilizationAtLeast(BudgetType.HOLIDAY_WEEKEND, 0.6);
        assertFalse(mlk.runsOf("weekend_model_retrain").isEmpty(), "the retrain gets its 12 hours");
    }
}
