package dev.interlude.engine.supervisor;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
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
 * @param journalBackoff how the supervisor comes back after a journal write or read fails (the database is down):
 *                      it restarts, recovers its state from the journal and carries on, first after
 *                      {@code min}, then doubling up to {@code max}, each wait varied by {@code randomFactor}
 * @param startLead     how long before a known due instant (a trigger's fire, a retry, a phase change) the
 *                      supervisor decides and journals the starts due then; their handlers begin at that instant,
 *                      so the journal write is not between the fire and the handler. Zero: decide at the instant
 *                      (simulations, and the constructors without it)
 */
public record SupervisorSettings(Duration safetyTick, int snapshotEvery, int keepSnapshots, Optional<Path> stopFile,
                                 Duration wakeDelay, JournalBackoff journalBackoff, Duration startLead) {

    /** The node's wake delay after a change. */
    public static final Duration WAKE_DELAY = Duration.ofMillis(1);

    /** Restarts after a journal failure: first after {@code min}, doubling up to {@code max}, varied by the factor. */
    public record JournalBackoff(Duration min, Duration max, double randomFactor) {
        /** The reference settings: 1 s, doubling to 5 s, varied by 20 %. */
        public static final JournalBackoff DEFAULT = new JournalBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5),
                0.2);

        public JournalBackoff {
            if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("journal backoff needs 0 < min <= max, was " + min + " and " + max);
            }
            if (!(randomFactor >= 0.0 && randomFactor <= 1.0)) {
                throw new IllegalArgumentException("journal backoff random factor must be 0 to 1, was " + randomFactor);
            }
        }
    }

    public SupervisorSettings {
        if (wakeDelay.isNegative()) {
            throw new IllegalArgumentException("wakeDelay must not be negative, was " + wakeDelay);
        }
        Objects.requireNonNull(journalBackoff, "journalBackoff");
        if (startLead.isNegative()) {
            throw new IllegalArgumentException("startLead must not be negative, was " + startLead);
        }
    }

    public SupervisorSettings(Duration safetyTick, int snapshotEvery, int keepSnapshots, Optional<Path> stopFile,
                              Duration wakeDelay, JournalBackoff journalBackoff) {
        this(safetyTick, snapshotEvery, keepSnapshots, stopFile, wakeDelay, journalBackoff, Duration.ZERO);
    }

    public SupervisorSettings(Duration safetyTick, int snapshotEvery, int keepSnapshots, Optional<Path> stopFile,
                              Duration wakeDelay) {
        this(safetyTick, snapshotEvery, keepSnapshots, stopFile, wakeDelay, JournalBackoff.DEFAULT);
    }

    public SupervisorSettings(Duration safetyTick, int snapshotEvery, int keepSnapshots, Optional<Path> stopFile) {
        this(safetyTick, snapshotEvery, keepSnapshots, stopFile, WAKE_DELAY);
    }

    /** The same settings with another journal backoff. */
    public SupervisorSettings withJournalBackoff(JournalBackoff backoff) {
        return new SupervisorSettings(safetyTick, snapshotEvery, keepSnapshots, stopFile, wakeDelay, backoff,
                startLead);
    }

    /** The same settings deciding {@code lead} ahead of each known due instant. */
    public SupervisorSettings withStartLead(Duration lead) {
        return new SupervisorSettings(safetyTick, snapshotEvery, keepSnapshots, stopFile, wakeDelay, journalBackoff,
                lead);
    }

    public SupervisorSettings(Duration safetyTick, int snapshotEvery, int keepSnapshots) {
        this(safetyTick, snapshotEvery, keepSnapshots, Optional.empty());
    }

    public static SupervisorSettings create(Config root) {
        Config c = root.getConfig("interlude.supervisor");
        String stopFile = c.getString("stop-file");
        Config backoff = c.getConfig("journal-failure-backoff");
        return new SupervisorSettings(c.getDuration("safety-tick"), c.getInt("snapshot-every"),
                c.getInt("keep-snapshots"), stopFile.isBlank() ? Optional.empty() : Optional.of(Path.of(stopFile)),
                WAKE_DELAY, new JournalBackoff(backoff.getDuration("min"), backoff.getDuration("max"),
                        backoff.getDouble("random-factor")), c.getDuration("start-lead"));
    }
}
