package dev.interlude.core.plan;

import dev.interlude.core.window.TimeFrame;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The planner's answer at one instant: the runs to start, in the order they were chosen, and for every task of the
 * catalog that does not start, why. {@code nextDecision} is the earliest instant after {@code at} at which the
 * answer can change with nothing else happening (a trigger fires, a retry's backoff ends, the phase changes): the
 * supervisor wakes then, or sooner on an event.
 */
public record Plan(Instant at, TimeFrame frame, List<Start> starts, List<Blocked> blocked, Instant nextDecision) {

    public Plan {
        starts = List.copyOf(starts);
        blocked = List.copyOf(blocked);
    }

    public Optional<Blocked> blockedTask(String taskName) {
        return blocked.stream().filter(b -> b.taskName().equals(taskName)).findFirst();
    }

    public boolean starts(String taskName) {
        return starts.stream().anyMatch(s -> s.taskName().equals(taskName));
    }
}
