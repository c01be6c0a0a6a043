package dev.interlude.testkit;

import java.time.Duration;

/**
 * The knobs of a simulation that are not the catalog or the calendar.
 *
 * @param seed           seeds every draw (failures, durations)
 * @param failureRate    the chance that an attempt of a task without its own simulated handler fails, 0 to 1
 * @param durationSpread how far a run's time may stray from the estimate, either way, 0 to 1 (0.2: ±20 %)
 * @param autoApprove    approve every approval request as it is made (as an operator on call would); if false,
 *                       tasks that need approval wait, except those in {@code approved}
 * @param approved       tasks approved whenever they ask, even without {@code autoApprove}
 * @param safetyTick     the supervisor's longest sleep between two decisions
 * @param memoryMb       the memory budget (a fixed budget: a simulation never reads the machine's memory)
 */
record SimulationSettings(long seed, double failureRate, double durationSpread, boolean autoApprove,
                          java.util.Set<String> approved, Duration safetyTick, long memoryMb) {

    SimulationSettings {
        approved = java.util.Set.copyOf(approved);
    }

    /** Whether the operator on call approves {@code task} when it asks. */
    boolean approves(String task) {
        return autoApprove || approved.contains(task);
    }
}
