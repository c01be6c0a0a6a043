package dev.interlude.hardware;

import static dev.interlude.hardware.LedPattern.FAST;
import static dev.interlude.hardware.LedPattern.OFF;
import static dev.interlude.hardware.LedPattern.ON;
import static dev.interlude.hardware.LedPattern.SLOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The default map (reference.conf), as the dashboard's LED mirror shows it too. */
class BoardMapTest {

    private static final BoardMap MAP = LedSettings.load(ConfigFactory.load()).map();

    private static Map<String, LedPattern> board(LedPattern system, LedPattern trading, LedPattern research) {
        return Map.of("system", system, "trading", trading, "research", research);
    }

    private static BoardStatus after(String type, String key, String value) {
        return BoardStatus.INITIAL.apply(event(type, key, value));
    }

    static StatusEvent event(String type, String key, String value) {
        return new StatusEvent(1, Instant.EPOCH, type, Optional.empty(), Optional.empty(), OptionalInt.empty(),
                key == null ? Map.of() : Map.of(key, value));
    }

    @Test
    void before_the_first_mode_event_only_system_is_on() {
        assertEquals(board(ON, OFF, OFF), MAP.show(BoardStatus.INITIAL));
    }

    @Test
    void trading_lights_trading_and_system() {
        assertEquals(board(ON, ON, OFF), MAP.show(after("mode_changed", "mode", "trading")));
    }

    @Test
    void research_blinks_research_slowly() {
        assertEquals(board(ON, OFF, SLOW), MAP.show(after("mode_changed", "mode", "research")));
    }

    @Test
    void prep_blinks_trading_slowly() {
        assertEquals(board(ON, SLOW, OFF), MAP.show(after("mode_changed", "mode", "prep")));
    }

    @Test
    void degraded_blinks_system_slowly_and_unhealthy_fast() {
        BoardStatus trading = after("mode_changed", "mode", "trading");
        assertEquals(board(SLOW, ON, OFF), MAP.show(trading.apply(event("health_changed", "status", "degraded"))));
        assertEquals(board(FAST, ON, OFF), MAP.show(trading.apply(event("health_changed", "status", "unhealthy"))));
        assertEquals(board(ON, ON, OFF), MAP.show(trading.apply(event("health_changed", "status", "unhealthy"))
                .apply(event("health_changed", "status", "healthy"))));
    }

    @Test
    void stopped_dispatch_darkens_trading_and_research_and_blinks_system_fast_until_resumed() {
        BoardStatus stopped = after("mode_changed", "mode", "research")
                .apply(event(StatusType.DISPATCH_STOPPED.id(), "by", "ops"));
        assertEquals(board(FAST, OFF, OFF), MAP.show(stopped));
        assertEquals(board(ON, OFF, SLOW), MAP.show(stopped.apply(event("dispatch_resumed", "by", "ops"))));
    }

    @Test
    void the_alert_overrides_system_while_it_shows() {
        BoardStatus degraded = after("health_changed", "status", "degraded");
        assertEquals(board(FAST, OFF, OFF), MAP.show(degraded.withAlerting(true)));
        assertEquals(board(SLOW, OFF, OFF), MAP.show(degraded.withAlerting(true).withAlerting(false)));
    }

    @Test
    void events_the_board_does_not_show_change_nothing() {
        BoardStatus trading = after("mode_changed", "mode", "trading");
        assertEquals(trading, trading.apply(event("run_started", "cause", "trigger")));
        assertEquals(trading, trading.apply(event("some_future_type", null, null)));
    }
}
