package dev.interlude.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.engine.supervisor.SupervisorEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatedAttemptsTest {

    private static final TaskCatalog DESK = CatalogLoader.loadFile(Path.of("../../conf/tasks.conf"),
            Simulation.XNYS.zone());

    private static SimulationResult mlk(Simulation simulation) {
        return simulation.from("2026-01-16T15:00-05:00").runUntil("2026-01-20T09:30-05:00");
    }

    private static long count(SimulationResult result, Class<? extends SupervisorEvent> type) {
        return result.journal().stream().filter(type::isInstance).count();
    }

    @Test
    void every_attempt_the_runners_retry_in_place_is_a_run_attempt_of_its_own() {
        SimulationResult result = mlk(Simulation.of(DESK).seed(5).failureRate(0.3));
        List<SimulatedRun> runs = result.runs();

        long ended = runs.stream().filter(r -> r.end().isPresent()).count();
        assertEquals(count(result, SupervisorEvent.RunSucceeded.class) + count(result, SupervisorEvent.RunFailed.class),
                ended);
        assertEquals(count(result, SupervisorEvent.RunAbandoned.class),
                runs.stream().filter(r -> r.outcome() == RunOutcome.ABANDONED).count());
        assertTrue(runs.stream().anyMatch(r -> r.attempt() > 1), "no retry in " + runs.size() + " attempts");

        for (SimulatedRun failed : runs) {
            if (failed.outcome() != RunOutcome.FAILED) {
                continue;
            }
            Optional<SimulatedRun> next = runs.stream()
                    .filter(r -> r.runId().equals(failed.runId()) && r.attempt() == failed.attempt() + 1).findFirst();
            assertTrue(next.isPresent(), "no attempt after " + failed);
            assertFalse(next.get().start().isBefore(failed.end().orElseThrow()), next.get() + " after " + failed);
        }
        for (int i = 1; i < runs.size(); i++) {
            assertFalse(runs.get(i).start().isBefore(runs.get(i - 1).start()), "not in start order at " + i);
        }
    }

    @Test
    void a_crash_ends_what_is_in_flight_and_no_attempt_ends_before_it_starts() {
        SimulationResult calm = mlk(Simulation.of(DESK).seed(5).failureRate(0.3));
        SimulatedRun longest = calm.runs().stream().filter(r -> r.end().isPresent())
                .max(java.util.Comparator.comparing(r -> r.duration(calm.to()))).orElseThrow();
        Instant midway = longest.start().plus(longest.duration(calm.to()).dividedBy(2));
        SimulationResult result = mlk(Simulation.of(DESK).seed(5).failureRate(0.3).crashAt(midway));
        SimulatedRun cut = result.runs().stream().filter(r -> r.runId().equals(longest.runId())).findFirst()
                .orElseThrow();
        assertEquals(Optional.of(midway), cut.end(), cut.toString());
        // Interrupted, and retried; or, on its last allowed attempt, abandoned.
        assertTrue(cut.outcome() == RunOutcome.INTERRUPTED || cut.outcome() == RunOutcome.ABANDONED, cut.toString());
        for (SimulatedRun run : result.runs()) {
            assertFalse(run.endOr(result.to()).isBefore(run.start()), run.toString());
        }
    }
}
