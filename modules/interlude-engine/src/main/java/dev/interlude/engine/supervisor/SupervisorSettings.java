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
 */
public record SupervisorSettings(Duration safetyTick, int snapshotEvery, int keepSnapshots, Optional<Path> stopFile) {

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
