package dev.interlude.engine.supervisor;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The supervisor's own settings ({@code interlude.supervisor}).
 *
 * @param safetyTick    the longest the supervisor sleeps between two decisions, whatever the plan says
 * @param snapshotEvery a snapshot of the state every this many events (recovery replays at most that many)
 * @param keepSnapshots how many snapshots are kept
 * @param stopFile      while this file exists, dispatch is stopped (checked at every decision); empty: no stop file
 * @param wakeDelay     how soon the supervisor decides again after something changed (a run ended, an operator's
 *                      command): {@link #WAKE_DELAY} on a node, so tests on Pekko's manual clock control the wake-up
 *                      (a zero-delay timer fires at once there); zero in simulations on virtual time, so runs start
 *                      at the very instant the run before them ended
 */
public record SupervisorSettings(Duration safetyTick, int snapshotEvery, int keepSnapshots, Optional<Path> stopFile,
                                 Duration wakeDelay) {

    /** The node's wake delay after a change. */
    public static final Duration WAKE_DELAY = Duration.ofMillis(1);

    public SupervisorSettings {
        if (wakeDelay.isNegative()) {
            throw new IllegalArgumentException("wakeDelay must not be negative, was " + wakeDelay);
        }
    }

    public SupervisorSettings(Duration safetyTick, int snapshotEvery, int keepSnapshots, Optional<Path> stopFile) {
        this(safetyTick, snapshotEvery, keepSnapshots, stopFile, WAKE_DELAY);
    }

    public SupervisorSettings(Duration safetyTick, int snapshotEvery, int keepSnapshots) {
        this(safetyTick, snapshotEvery, keepSnapshots, Optional.empty());
    }

    public static SupervisorSettings create(Config root) {
        Config c = root.getConfig("interlude.supervisor");
        String stopFile = c.getString("stop-file");
        return new SupervisorSettings(c.getDuration("safety-tick"), c.getInt("snapshot-every"),
                c.getInt("keep-snapshots"), stopFile.isBlank() ? Optional.empty() : Optional.of(Path.of(stopFile)));
    }
}
