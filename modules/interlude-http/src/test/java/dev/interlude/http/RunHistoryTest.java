package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.plan.Start;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.http.RunHistory.Attempt;
import dev.interlude.http.RunHistory.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The history as a plain structure: fed journal events directly, no actors. */
class RunHistoryTest {

    static final Instant T0 = Instant.parse("2026-11-18T23:00:00Z");

    /** Feeds events with increasing sequence numbers, as the journal would. */
    static final class Feed {
        final RunHistory history;
        long sequenceNr;

        Feed(RunHistory history) {
            this.history = history;
        }

        Feed started(String runId, String task, int attempt, Instant at) {
            return record(new SupervisorEvent.RunStarted(runId, task, attempt, Start.Cause.TRIGGER, Optional.empty(),
                    Map.of(), "research", 512, Duration.ofMinutes(5), at));
        }

        Feed succeeded(String runId, String task, int attempt, Instant at) {
            return record(new SupervisorEvent.RunSucceeded(runId, task, attempt, "ok\nsecond line", at));
        }

        Feed failed(String runId, String task, int attempt, Instant at) {
            return record(new SupervisorEvent.RunFailed(runId, task, attempt, "exit 3: token=abc123 refused", at));
        }

        Feed retry(String runId, String task, int next, Instant notBefore, Instant at) {
            return record(new SupervisorEvent.RetryScheduled(runId, task, next, notBefore, at));
        }

        Feed abandoned(String runId, String task, int attempts, Instant at) {
            return record(new SupervisorEvent.RunAbandoned(runId, task, attempts, "gave up", at));
        }

        Feed interrupted(String runId, String task, int attempt, Instant at) {
            return record(new SupervisorEvent.RunInterrupted(runId, task, attempt, at));
        }

        /** A run of {@code task} that starts at {@code start} and succeeds after {@code millis}. */
        Feed run(String runId, String task, Instant start, long millis) {
            return started(runId, task, 1, start).succeeded(runId, task, 1, start.plusMillis(millis));
        }

        Feed record(SupervisorEvent event) {
            history.record(++sequenceNr, event);
            return this;
        }
    }

    private static RunHistory.Query since(Instant since, int limit) {
        return new RunHistory.Query(since, Optional.empty(), Optional.empty(), limit, OptionalLong.empty());
    }

    @Test
    void every_attempt_gets_its_outcome_from_the_journal() {
        RunHistory history = new RunHistory(100);
        List<Attempt> settled = new ArrayList<>();
        history.onSettled(settled::add);
        new Feed(history)
                .run("a-1", "a", T0, 1_000)
                // b fails, is retried in place by its runner, and succeeds on attempt 2
                .started("b-2", "b", 1, T0.plusSeconds(10)).failed("b-2", "b", 1, T0.plusSeconds(20))
                .retry("b-2", "b", 2, T0.plusSeconds(50), T0.plusSeconds(20))
                .succeeded("b-2", "b", 2, T0.plusSeconds(80))
                // c fails its last attempt
                .started("c-3", "c", 1, T0.plusSeconds(30)).failed("c-3", "c", 1, T0.plusSeconds(40))
                .abandoned("c-3", "c", 1, T0.plusSeconds(40))
                // d is interrupted by a crash, restarted by the supervisor, and still runs
                .started("d-4", "d", 1, T0.plusSeconds(60)).interrupted("d-4", "d", 1, T0.plusSeconds(90))
                .retry("d-4", "d", 2, T0.plusSeconds(90), T0.plusSeconds(90))
                .started("d-4", "d", 2, T0.plusSeconds(91));

        List<Attempt> all = history.page(since(T0, 100)).attempts();
        assertEquals(List.of("d-4#2", "d-4#1", "c-3#1", "b-2#2", "b-2#1", "a-1#1"),
                all.stream().map(a -> a.runId() + "#" + a.attempt()).toList(), "newest first");
        assertEquals(List.of(Status.RUNNING, Status.INTERRUPTED, Status.ABANDONED, Status.SUCCEEDED, Status.FAILED,
                Status.SUCCEEDED), all.stream().map(Attempt::status).toList());
        Attempt retried = all.get(3);
        assertEquals(T0.plusSeconds(50), retried.startedAt(), "an in-place retry starts when it is due");
        assertEquals(Duration.ofSeconds(30), retried.duration().orElseThrow());
        assertEquals("ok second line", all.get(5).detail(), "one line");
        assertFalse(all.get(4).detail().contains("abc123"), "credentials are masked: " + all.get(4).detail());
        assertTrue(all.get(0).endedAt().isEmpty());

        // Each attempt is told once, with its final outcome; the one running is not told yet.
        assertEquals(List.of("a-1#1 succeeded", "b-2#1 failed", "b-2#2 succeeded", "c-3#1 abandoned",
                        "d-4#1 interrupted"),
                settled.stream().map(a -> a.runId() + "#" + a.attempt() + " " + a.status().id()).toList());
    }

    @Test
    void pages_follow_one_another_by_cursor_and_filter_by_task_status_and_time() {
        RunHistory history = new RunHistory(100);
        Feed feed = new Feed(history);
        for (int i = 0; i < 10; i++) {
            String task = i % 2 == 0 ? "even" : "odd";
            feed.run("r" + i, task, T0.plusSeconds(60L * i), 1_000);
        }
        feed.started("r10", "even", 1, T0.plusSeconds(600));

        RunHistory.Page first = history.page(since(T0, 4));
        assertEquals(List.of("r10", "r9", "r8", "r7"), runIds(first));
        RunHistory.Page second = history.page(new RunHistory.Query(T0, Optional.empty(), Optional.empty(), 4,
                first.nextBefore()));
        assertEquals(List.of("r6", "r5", "r4", "r3"), runIds(second));
        RunHistory.Page last = history.page(new RunHistory.Query(T0, Optional.empty(), Optional.empty(), 4,
                second.nextBefore()));
        assertEquals(List.of("r2", "r1", "r0"), runIds(last));
        assertTrue(last.nextBefore().isEmpty());

        assertEquals(List.of("r9", "r7", "r5", "r3", "r1"), runIds(history.page(new RunHistory.Query(T0,
                Optional.of("odd"), Optional.empty(), 100, OptionalLong.empty()))));
        assertEquals(List.of("r10"), runIds(history.page(new RunHistory.Query(T0, Optional.empty(),
                Optional.of(Status.RUNNING), 100, OptionalLong.empty()))));
        // Active since 07:00 after T0: r7 ended at 07:01, r6 at 06:01.
        assertEquals(List.of("r10", "r9", "r8", "r7"), runIds(history.page(since(T0.plusSeconds(420), 100))));
    }

    @Test
    void the_oldest_attempts_are_dropped_beyond_the_bound() {
        RunHistory history = new RunHistory(3);
        Feed feed = new Feed(history);
        for (int i = 0; i < 5; i++) {
            feed.started("r" + i, "t", 1, T0.plusSeconds(i));
        }
        feed.succeeded("r0", "t", 1, T0.plusSeconds(10)).succeeded("r4", "t", 1, T0.plusSeconds(10));
        assertEquals(3, history.size());
        List<Attempt> kept = history.page(since(T0, 10)).attempts();
        assertEquals(List.of("r4", "r3", "r2"), kept.stream().map(Attempt::runId).toList());
        assertEquals(Status.SUCCEEDED, kept.get(0).status());
        assertTrue(history.knows("t"));
        assertFalse(history.knows("other"));
    }

    @Test
    void an_event_already_read_is_not_read_twice() {
        RunHistory history = new RunHistory(10);
        List<Attempt> settled = new ArrayList<>();
        history.onSettled(settled::add);
        SupervisorEvent started = new SupervisorEvent.RunStarted("r", "t", 1, Start.Cause.TRIGGER, Optional.empty(),
                Map.of(), "c", 1, Duration.ZERO, T0);
        SupervisorEvent succeeded = new SupervisorEvent.RunSucceeded("r", "t", 1, "ok", T0.plusSeconds(1));
        history.record(1, started);
        history.record(2, succeeded);
        history.record(2, succeeded);
        history.record(1, started);
        assertEquals(1, history.size());
        assertEquals(1, settled.size());
        assertEquals(2, history.lastSequenceNr());
    }

    @Test
    void the_summary_counts_what_ended_in_the_range_with_exact_percentiles() {
        RunHistory history = new RunHistory(1_000);
        Feed feed = new Feed(history);
        // fast: 20 successes taking 1..20 s, ending within the first hour
        for (int i = 1; i <= 20; i++) {
            feed.run("fast-" + i, "fast", T0.plusSeconds(60L * i), 1_000L * i);
        }
        // flaky: 3 successes of 10 s, 1 failure retried, 1 abandoned, 1 interrupted, in the second hour
        Instant h2 = T0.plusSeconds(3_600);
        feed.run("flaky-1", "flaky", h2, 10_000).run("flaky-2", "flaky", h2.plusSeconds(60), 10_000)
                .run("flaky-3", "flaky", h2.plusSeconds(120), 10_000)
                .started("flaky-4", "flaky", 1, h2.plusSeconds(200)).failed("flaky-4", "flaky", 1, h2.plusSeconds(210))
                .retry("flaky-4", "flaky", 2, h2.plusSeconds(400), h2.plusSeconds(210))
                .started("flaky-5", "flaky", 1, h2.plusSeconds(300)).failed("flaky-5", "flaky", 1, h2.plusSeconds(305))
                .abandoned("flaky-5", "flaky", 1, h2.plusSeconds(305))
                .started("flaky-6", "flaky", 1, h2.plusSeconds(310)).interrupted("flaky-6", "flaky", 1,
                        h2.plusSeconds(320));
        // before the range: not counted
        feed.run("old", "fast", T0.minusSeconds(7_200), 500);

        RunSummary summary = history.summary(T0, T0.plusSeconds(7_200));
        assertEquals(2.0, summary.hours());
        RunSummary.Stats fast = summary.tasks().get("fast");
        assertEquals(20, fast.succeeded());
        assertEquals(10_500L, fast.averageMs());
        assertEquals(10_000L, fast.p50Ms(), "nearest rank: the 10th of 20");
        assertEquals(19_000L, fast.p95Ms(), "nearest rank: the 19th of 20");
        assertEquals(0.0, fast.errorRate());
        assertEquals(10.0, fast.throughputPerHour());

        RunSummary.Stats flaky = summary.tasks().get("flaky");
        assertEquals(6, flaky.attempts());
        assertEquals(3, flaky.succeeded());
        assertEquals(1, flaky.failed());
        assertEquals(1, flaky.abandoned());
        assertEquals(1, flaky.interrupted());
        assertEquals(1, flaky.running(), "the retry of flaky-4 is in flight");
        assertEquals(0.4, flaky.errorRate(), "2 failed of 5 judged; the interruption is not the task's");
        assertEquals(2.0, flaky.throughputPerHour(), "3 succeeded + 1 abandoned in 2 h");
        assertEquals(10_000L, flaky.p95Ms());

        RunSummary.Stats overall = summary.overall();
        assertEquals(26, overall.attempts());
        assertEquals(23, overall.succeeded());
        assertEquals(2.0 / 25, overall.errorRate(), 1e-4);
        assertEquals(10_000L, overall.p50Ms(), "the 12th of 23: fast's 1..20 s and three 10 s");
        assertEquals(19_000L, overall.p95Ms(), "the 22nd of 23");

        assertEquals(2, summary.hourly().size());
        assertEquals(T0, summary.hourly().get(0).hour());
        assertEquals(20, summary.hourly().get(0).ended());
        assertEquals(6, summary.hourly().get(1).ended());
        assertEquals(3, summary.hourly().get(1).succeeded());
        assertEquals(2, summary.hourly().get(1).failed());
    }

    @Test
    void a_range_without_attempts_has_no_rates() {
        RunSummary.Stats none = new RunHistory(10).summary(T0, T0.plusSeconds(60)).overall();
        assertEquals(0, none.attempts());
        assertNull(none.errorRate());
        assertNull(none.p50Ms());
    }

    @Test
    void busy_share_is_the_union_of_attempts_in_flight() {
        RunHistory history = new RunHistory(10);
        new Feed(history)
                .run("a", "a", T0, 20 * 60_000L)                         // 00:00-00:20
                .run("b", "b", T0.plusSeconds(600), 20 * 60_000L)        // 00:10-00:30, overlaps a
                .run("n", "n", T0.plusSeconds(60), 60_000L)              // 00:01-00:02, inside a
                .run("z", "z", T0.plusSeconds(40 * 60), 0L)              // 00:40, no time at all
                .started("c", "c", 1, T0.plusSeconds(45 * 60));          // 00:45-, still running
        assertEquals(45.0 / 60, history.busyShare(T0, T0.plusSeconds(3_600)), 1e-9);
        assertEquals(0.0, history.busyShare(T0.minusSeconds(600), T0), 1e-9);
    }

    private static List<String> runIds(RunHistory.Page page) {
        return page.attempts().stream().map(Attempt::runId).toList();
    }
}
