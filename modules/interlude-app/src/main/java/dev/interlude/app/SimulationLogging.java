package dev.interlude.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.interlude.core.config.Environment;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The simulated node's log while a command simulates ({@code simulate}, {@code plan --hours}): its lines (every
 * start, every simulated failure and retry) are what the command prints, not problems of the command, so the
 * engine's and Pekko's loggers are held at ERROR while it runs and restored afterwards. {@code INTERLUDE_LOG_LEVEL}
 * leaves them as configured, on stderr.
 */
final class SimulationLogging {

    private SimulationLogging() {
    }

    static <T> T quietly(Environment environment, Supplier<T> simulation) {
        if (environment.get("INTERLUDE_LOG_LEVEL").isPresent()
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return simulation.get();
        }
        List<Logger> loggers = List.of(context.getLogger("dev.interlude"), context.getLogger("org.apache.pekko"));
        List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
        loggers.forEach(l -> l.setLevel(Level.ERROR));
        try {
            return simulation.get();
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).setLevel(levels.get(i));
            }
        }
    }
}
