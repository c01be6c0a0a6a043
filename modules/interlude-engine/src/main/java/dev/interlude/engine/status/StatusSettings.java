package dev.interlude.engine.status;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The status feed's settings ({@code interlude.status}).
 *
 * @param buffer           how many of the latest status events each node's hub keeps for subscribers resuming after
 *                         a sequence number (at least 1)
 * @param memoryAlertAfter after how many consecutive plans blocking a task on memory an alert is raised (at least 1)
 * @param batchLinger      how long the hub gathers events before handing them to its batch subscribers (the
 *                         status-feed connections) as one batch; zero hands them over as soon as the messages
 *                         already waiting are handled
 */
public record StatusSettings(int buffer, int memoryAlertAfter, Duration batchLinger) {

    public StatusSettings {
        if (buffer < 1) {
            throw new IllegalArgumentException("interlude.status.buffer must be at least 1: " + buffer);
        }
        if (memoryAlertAfter < 1) {
            throw new IllegalArgumentException(
                    "interlude.status.memory-alert-after must be at least 1: " + memoryAlertAfter);
        }
        if (batchLinger.isNegative()) {
            throw new IllegalArgumentException("interlude.status.batch-linger must not be negative: " + batchLinger);
        }
    }

    /** Settings handing batches over without lingering. */
    public StatusSettings(int buffer, int memoryAlertAfter) {
        this(buffer, memoryAlertAfter, Duration.ZERO);
    }

    public static StatusSettings create(Config root) {
        Config c = root.getConfig("interlude.status");
        return new StatusSettings(c.getInt("buffer"), c.getInt("memory-alert-after"), c.getDuration("batch-linger"));
    }
}
