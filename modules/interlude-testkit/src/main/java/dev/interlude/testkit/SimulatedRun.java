package dev.interlude.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of one run, as the supervisor journaled it during a simulation.
 *
 * @param runId     the run id (the same for every attempt of a run)
 * @param task      the task's name
 * @param attempt   1 for the first attempt
 * @param start     when the attempt started
 * @param end       when it ended; empty while it was still running at the end of the simulation
 * @param outcome   how it ended
 * @param memoryMb  the memory it held while in flight
 * @param detail    the result (a success) or the error (a failure), one line
 */
public record SimulatedRun(String runId, String task, int attempt, Instant start, Optional<Instant> end,
                           RunOutcome outcome, int memoryMb, String detail) {

    public SimulatedRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    /** The end, or {@code otherwise} (the end of the simulation) for an attempt still running. */
    public Instant endOr(Instant otherwise) {
        return end.orElse(otherwise);
    }

    /** How long it ran, up to {@code simulationEnd} if it was still running. */
    public Duration duration(Instant simulationEnd) {
        return Duration.between(start, endOr(simulationEnd));
    }

    /** True if this attempt was in flight at some instant of [{@code from}, {@code to}). */
    public boolean overlaps(Instant from, Instant to, Instant simulationEnd) {
        return start.isBefore(to) && endOr(simulationEnd).isAfter(from);
    }
}
