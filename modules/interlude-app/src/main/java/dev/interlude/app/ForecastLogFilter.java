package dev.interlude.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import dev.interlude.testkit.Simulation;

/**
 * Keeps the forecasts a node runs for its API ({@code /api/v1/queue}, {@code /api/v1/plan}) out of the node's log:
 * their simulated supervisor logs "starting ..." like the real one, on virtual time. Their lines carry the
 * simulation's actor system in the {@code sourceActorSystem} MDC key and are dropped below ERROR, as is the line
 * every actor system logs when its logger starts (each forecast starts one).
 */
final class ForecastLogFilter extends Filter<ILoggingEvent> {

    static final String SLF4J_LOGGER = "org.apache.pekko.event.slf4j.Slf4jLogger";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
            return FilterReply.NEUTRAL;
        }
        boolean simulated = Simulation.ACTOR_SYSTEM.equals(event.getMDCPropertyMap().get("sourceActorSystem"));
        boolean loggerStarted = event.getLoggerName().equals(SLF4J_LOGGER) && event.getLevel() == Level.INFO;
        return simulated || loggerStarted ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
