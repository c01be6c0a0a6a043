package dev.interlude.engine.handler;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** {@code interlude.handlers}, read once. Defaults live in the engine's {@code reference.conf}. */
public record HandlerSettings(Command command, Http http) {

    public HandlerSettings {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(http, "http");
    }

    /**
     * @param outputTailBytes how much of the end of stdout and of stderr is kept, each
     * @param killGrace       after TERM, how long the process tree has before KILL
     * @param drainTimeout    after the process exits, how long its output may still be read (a leftover background
     *                        child can hold the pipes open)
     * @param processDir      where each running command is recorded, so a node started after one was killed
     *                        outright stops the commands it left running ({@link CommandProcesses}); empty: not
     *                        recorded
     */
    public record Command(int outputTailBytes, Duration killGrace, Duration drainTimeout, Optional<Path> processDir) {
        /** Settings that record no process. */
        public Command(int outputTailBytes, Duration killGrace, Duration drainTimeout) {
            this(outputTailBytes, killGrace, drainTimeout, Optional.empty());
        }

        public Command {
            Objects.requireNonNull(processDir, "processDir");
            if (outputTailBytes < 1) {
                throw new IllegalArgumentException("output-tail-bytes must be positive, was " + outputTailBytes);
            }
            Objects.requireNonNull(killGrace, "killGrace");
            Objects.requireNonNull(drainTimeout, "drainTimeout");
        }
    }

    /**
     * @param maxResponseBytes how much of a response body is kept (the rest is read and dropped)
     * @param connectTimeout   the connect timeout of the shared client
     * @param circuitBreaker   the settings of each endpoint's breaker
     */
    public record Http(int maxResponseBytes, Duration connectTimeout, CircuitBreaker circuitBreaker) {
        public Http {
            if (maxResponseBytes < 1) {
                throw new IllegalArgumentException("max-response-bytes must be positive, was " + maxResponseBytes);
            }
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        }
    }

    /**
     * @param maxFailures  consecutive failures (exception, 5xx, 429) that open an endpoint's breaker
     * @param callTimeout  a call slower than this counts as a failure of the endpoint and is aborted
     * @param resetTimeout how long a breaker stays open before it lets one trial call through
     */
    public record CircuitBreaker(int maxFailures, Duration callTimeout, Duration resetTimeout) {
        public CircuitBreaker {
            if (maxFailures < 1) {
                throw new IllegalArgumentException("max-failures must be positive, was " + maxFailures);
            }
            Objects.requireNonNull(callTimeout, "callTimeout");
            Objects.requireNonNull(resetTimeout, "resetTimeout");
        }
    }

    /** Reads {@code interlude.handlers} from a full configuration (the actor system's). */
    public static HandlerSettings create(Config config) {
        Config h = config.getConfig("interlude.handlers");
        Config c = h.getConfig("command");
        Config web = h.getConfig("http");
        Config cb = web.getConfig("circuit-breaker");
        return new HandlerSettings(
                new Command(Math.toIntExact(c.getBytes("output-tail-bytes")), c.getDuration("kill-grace"),
                        c.getDuration("drain-timeout"), c.getString("process-dir").isBlank() ? Optional.empty()
                        : Optional.of(Path.of(c.getString("process-dir")))),
                new Http(Math.toIntExact(web.getBytes("max-response-bytes")), web.getDuration("connect-timeout"),
                        new CircuitBreaker(cb.getInt("max-failures"), cb.getDuration("call-timeout"),
                                cb.getDuration("reset-timeout"))));
    }
}
