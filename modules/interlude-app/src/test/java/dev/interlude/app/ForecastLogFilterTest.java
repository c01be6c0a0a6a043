package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import dev.interlude.testkit.Simulation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastLogFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final ForecastLogFilter filter = new ForecastLogFilter();

    @Test
    void a_forecasts_lines_stay_out_of_the_node_log_unless_they_are_errors() {
        assertEquals(FilterReply.DENY, filter.decide(event("dev.interlude.engine.supervisor.Supervisor", Level.INFO,
                Simulation.ACTOR_SYSTEM)));
        assertEquals(FilterReply.DENY, filter.decide(event("dev.interlude.engine.runner.TaskRunner", Level.WARN,
                Simulation.ACTOR_SYSTEM)));
        assertEquals(FilterReply.NEUTRAL, filter.decide(event("dev.interlude.engine.supervisor.Supervisor",
                Level.ERROR, Simulation.ACTOR_SYSTEM)));
        assertEquals(FilterReply.DENY, filter.decide(event(ForecastLogFilter.SLF4J_LOGGER, Level.INFO, null)));
    }

    @Test
    void the_nodes_own_lines_pass() {
        assertEquals(FilterReply.NEUTRAL, filter.decide(event("dev.interlude.engine.supervisor.Supervisor",
                Level.INFO, "interlude")));
        assertEquals(FilterReply.NEUTRAL, filter.decide(event("dev.interlude.app.RunCommand", Level.INFO, null)));
    }

    private LoggingEvent event(String logger, Level level, String actorSystem) {
        Logger log = context.getLogger(logger);
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), log, level, "a line", null, null);
        event.setMDCPropertyMap(actorSystem == null ? Map.of() : Map.of("sourceActorSystem", actorSystem));
        return event;
    }
}
