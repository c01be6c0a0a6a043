package dev.interlude.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.RunRequest;
import dev.interlude.core.plan.Start;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForecastsTest {

    private static final TradingWindows XNYS = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);

    @Test
    void the_queue_looks_to_the_end_of_the_research_window_or_a_day_ahead() {
        // Wednesday 20:00 in New York: the overnight window ends at 08:00.
        assertEquals(Duration.ofHours(12), Forecasts.queueHorizon(XNYS, Instant.parse("2026-11-19T01:00:00Z")));
        // Saturday noon: 44 h of the weekend are left, the queue looks a day ahead.
        assertEquals(Duration.ofHours(24), Forecasts.queueHorizon(XNYS, Instant.parse("2026-11-21T17:00:00Z")));
        // Wednesday 11:00, market hours: a day ahead.
        assertEquals(Duration.ofHours(24), Forecasts.queueHorizon(XNYS, Instant.parse("2026-11-18T16:00:00Z")));
    }

    @Test
    void the_queue_reuses_its_forecast_while_the_state_is_the_same_for_a_little_while() throws Exception {
        try (TestNode node = TestNode.startAt(TestNode.SATURDAY_NOON)) {
            Forecasts forecasts = new Forecasts(node.node);
            dev.interlude.engine.supervisor.SupervisorState state = node.state();
            Instant now = Instant.parse("2026-11-21T17:00:00Z");
            Duration hour = Duration.ofHours(1);
            var first = forecasts.queueForecast(state, now, hour).toCompletableFuture().get(30, SECONDS);
            assertSame(first, forecasts.queueForecast(state, now.plusSeconds(10), hour).toCompletableFuture()
                    .get(30, SECONDS), "the same state, 10 s later: the same forecast");
            assertNotSame(first, forecasts.queueForecast(state, now.plus(Forecasts.QUEUE_REUSE), hour)
                    .toCompletableFuture().get(30, SECONDS), "too old: forecast again");
            var stopped = state.apply(new dev.interlude.engine.supervisor.SupervisorEvent.DispatchStopped("test",
                    "a new state", false, now));
            assertNotSame(first, forecasts.queueForecast(stopped, now.plusSeconds(20), hour).toCompletableFuture()
                    .get(30, SECONDS), "another state: forecast again");
        }
    }

    @Test
    void a_forecast_starts_the_runs_in_flight_again_as_the_oldest_requests() {
        Instant started = Instant.parse("2026-11-21T16:00:00Z");
        SupervisorState state = SupervisorState.empty()
                .apply(new SupervisorEvent.RunQueued("req-1", "report", Map.of("desk", "rates"), "alice", started))
                .apply(new SupervisorEvent.RunStarted("backtest-2", "backtest", 1, Start.Cause.TRIGGER,
                        Optional.empty(), Map.of("n", "1"), "research", 2048, Duration.ofHours(3), started))
                .apply(new SupervisorEvent.RunQueued("req-3", "report", Map.of(), "bob",
                        started.plusSeconds(60)));
        SupervisorState carried = Forecasts.carryingOn(state);
        assertTrue(carried.running().isEmpty());
        assertEquals(List.of("in-flight-backtest-2", "req-1", "req-3"), List.copyOf(carried.requests().keySet()));
        RunRequest again = carried.requests().get("in-flight-backtest-2");
        assertEquals("backtest", again.taskName());
        assertEquals(started, again.requestedAt());
        assertEquals(Map.of("n", "1"), again.parameters());
        assertEquals(state.lastStarted(), carried.lastStarted());
        SupervisorState idle = SupervisorState.empty();
        assertSame(idle, Forecasts.carryingOn(idle), "nothing in flight, nothing to carry");
    }
}
