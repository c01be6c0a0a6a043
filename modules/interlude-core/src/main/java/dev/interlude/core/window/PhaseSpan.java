package dev.interlude.core.window;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Objects;

/** A phase and the instants it runs between ({@code start} inclusive, {@code end} exclusive). */
public record PhaseSpan(Phase phase, ZonedDateTime start, ZonedDateTime end) {

    public PhaseSpan {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    public Mode mode() {
        return phase.mode();
    }

    public boolean contains(Instant at) {
        return !at.isBefore(start.toInstant()) && at.isBefore(end.toInstant());
    }
}
