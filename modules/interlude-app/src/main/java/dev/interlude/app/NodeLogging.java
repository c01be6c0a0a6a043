package dev.interlude.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.interlude.core.config.Environment;
import org.slf4j.LoggerFactory;

/**
 * Logging for a running node: INFO and up to stdout with a timestamp, and the task and run id of the run a line is
 * about (MDC), instead of the command line's terse warnings. {@code INTERLUDE_LOG_LEVEL} still sets the level. The
 * forecasts the node runs for its API stay out of it ({@link ForecastLogFilter}).
 */
final class NodeLogging {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}%replace( [%X{task} %X{runId}]){' \\[ \\]', ''} - %msg%n";

    private NodeLogging() {
    }

    static void configure(Environment environment) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("NODE");
        console.setEncoder(encoder);
        ForecastLogFilter forecasts = new ForecastLogFilter();
        forecasts.setContext(context);
        forecasts.start();
        console.addFilter(forecasts);
        console.start();
        root.addAppender(console);
        root.setLevel(level(environment));
    }

    /** The node's log level: {@code INTERLUDE_LOG_LEVEL} (TRACE, DEBUG, INFO, WARN, ERROR), INFO by default. */
    static Level level(Environment environment) {
        return Level.toLevel(environment.get("INTERLUDE_LOG_LEVEL").orElse(null), Level.INFO);
    }
}
