package dev.interlude.testkit;

import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.TaskCatalog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FirstLookTest {
    @Test
    void mlk() {
        TaskCatalog catalog = CatalogLoader.loadFile(Path.of("../../conf/tasks.conf"), Simulation.XNYS.zone());
        for (int i = 0; i < 3; i++) {
            SimulationResult r = Simulation.of(catalog).seed(7).from("2026-01-16T15:00-05:00")
                    .runUntil("2026-01-20T09:30-05:00");
            System.out.println("wall " + r.wallTime().toMillis() + " ms, timers " + r.timersFired() + ", runs "
                    + r.runs().size() + ", events " + r.journal().size());
            if (i == 2) {
                System.out.println(r.toJson());
            }
        }
    }
}
