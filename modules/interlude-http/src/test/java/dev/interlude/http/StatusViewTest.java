package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interlude.core.plan.Completion;
import dev.interlude.core.plan.Start;
import dev.interlude.engine.supervisor.SupervisorState.RunningRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusViewTest {

    private static final Instant WINDOW_START = Instant.parse("2026-11-20T23:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-21T17:00:00Z");

    @Test
    void busy_time_counts_overlapping_runs_once_and_only_inside_the_window_so_far() {
        List<Completion> ended = List.of(
                completion("before_and_into", "2026-11-20T22:00:00Z", "2026-11-21T00:00:00Z"), // 1 h inside
                completion("a", "2026-11-21T01:00:00Z", "2026-11-21T03:00:00Z"),
                completion("b", "2026-11-21T02:00:00Z", "2026-11-21T04:00:00Z"), // with a: 3 h
                completion("inside_b", "2026-11-21T02:30:00Z", "2026-11-21T03:30:00Z"),
                completion("last_week", "2026-11-14T01:00:00Z", "2026-11-14T09:00:00Z"));
        List<RunningRecord> running = List.of(new RunningRecord("r-1", "r", 1, Start.Cause.TRIGGER,
                Optional.empty(), Map.of(), "general", 256, Instant.parse("2026-11-21T16:00:00Z"))); // 1 h so far
        assertEquals(Duration.ofHours(5), StatusView.busy(WINDOW_START, NOW, ended, running));
        assertEquals(Duration.ZERO, StatusView.busy(WINDOW_START, NOW, List.of(), List.of()));
    }

    private static Completion completion(String task, String start, String end) {
        return new Completion(task, task + "-1", Instant.parse(start), Instant.parse(end), true);
    }
}
