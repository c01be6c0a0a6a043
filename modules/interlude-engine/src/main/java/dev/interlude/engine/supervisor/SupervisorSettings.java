package dev.interlude.engine.supervisor;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The supervisor's own settings ({@code interlude.supervisor}).
 *
 * @param safetyTick    the longest the supervisor sleeps between two decisions, whatever the plan says
 * @param snapshotEvery a snapshot of the state every this many events (recovery replays at most that many)
 * @param keepSnapshots how many snapshots are kept
 */
public record SupervisorSettings(Duration safetyTick, int snapshotEvery, int keepSnapshots) {

    public static SupervisorSettings create(Config root) {
        Config c = root.getConfig("interlude.supervisor");
        return new SupervisorSettings(c.getDuration("safety-tick"), c.getInt("snapshot-every"),
                c.getInt("keep-snapshots"));
    }
}
