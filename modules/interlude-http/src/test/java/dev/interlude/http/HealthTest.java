package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The verdict as a pure function of the vitals, and the settings it is judged by. */
class HealthTest {

    private static final Instant NOW = Instant.parse("2026-11-18T16:00:00Z");

    private static Vitals vitals(RunSummary.Stats lastHour) {
        return new Vitals(NOW, "Up", Optional.of(SupervisorState.empty()), Duration.ofMillis(4), Optional.empty(), 0,
                Map.of(), Optional.empty(), OptionalDouble.empty(), Optional.empty(), 42, lastHour,
                Duration.ofHours(1));
    }

    private static RunSummary.Stats stats(int succeeded, int failed, int abandoned, int interrupted) {
        int judged = succeeded + failed + abandoned;
        return new RunSummary.Stats(judged + interrupted, succeeded, failed, abandoned, interrupted, 0, 0,
                judged == 0 ? null : (double) (failed + abandoned) / judged, null, null, null);
    }

    @Test
    void an_error_rate_over_the_threshold_degrades() {
        Health health = Health.of(vitals(stats(8, 1, 1, 5)), MonitoringSettings.DEFAULT);
        assertEquals(Health.Verdict.DEGRADED, health.status());
        Health.Check rate = health.check("error_rate").orElseThrow();
        assertEquals(Health.Result.WARN, rate.status());
        assertEquals(0.2, rate.value());
        assertEquals(0.10, rate.threshold());
        assertEquals("2 of 10 attempt(s) failed in the last 1h", rate.detail());
    }

    @Test
    void an_error_rate_at_the_threshold_or_without_attempts_passes() {
        assertEquals(Health.Verdict.HEALTHY, Health.of(vitals(stats(9, 1, 0, 0)), MonitoringSettings.DEFAULT)
                .status());
        Health quiet = Health.of(vitals(stats(0, 0, 0, 3)), MonitoringSettings.DEFAULT);
        assertEquals(Health.Verdict.HEALTHY, quiet.status());
        assertNull(quiet.check("error_rate").orElseThrow().value());
        Health.Check journal = quiet.check("journal_writable").orElseThrow();
        assertEquals(42L, journal.value());
        assertTrue(journal.detail().contains("up to event 42"), journal.detail());
    }

    @Test
    void a_supervisor_that_does_not_answer_during_a_journal_outage_makes_the_node_unhealthy() {
        Vitals silent = new Vitals(NOW, "Up", Optional.empty(), Duration.ofSeconds(5), Optional.empty(), 0, Map.of(),
                Optional.empty(), OptionalDouble.empty(), Optional.empty(), 42, stats(0, 0, 0, 0),
                Duration.ofHours(1));
        Health health = Health.of(silent, MonitoringSettings.DEFAULT);
        assertEquals(Health.Verdict.UNHEALTHY, health.status());
        Health.Check journal = health.check("journal_writable").orElseThrow();
        assertEquals(Health.Result.FAIL, journal.status());
        assertTrue(journal.detail().contains("retries with backoff"), journal.detail());
        assertEquals(Health.Result.FAIL, health.check("supervisor_ticking").orElseThrow().status());
    }

        @Test
    void the_thresholds_are_configuration_checked_by_path() {
        MonitoringSettings settings = MonitoringSettings.load(ConfigFactory.parseMap(Map.of(
                "interlude.http.health.backlog-over", 5, "interlude.http.health.error-rate-over", 0.25,
                "interlude.http.history.max-attempts", 1000)).withFallback(ConfigFactory.load()));
        assertEquals(5, settings.backlogOver());
        assertEquals(0.25, settings.errorRateOver());
        assertEquals(1000, settings.historyAttempts());
        assertEquals(MonitoringSettings.DEFAULT, MonitoringSettings.load(ConfigFactory.load()));

        List<Problem> problems = HttpSettings.problems(ConfigFactory.parseMap(Map.of(
                "interlude.http.health.backlog-over", -1, "interlude.http.health.error-rate-over", 1.5,
                "interlude.http.health.supervisor-timeout", "soon", "interlude.http.health.backlog", 3,
                "interlude.http.history.max-attempts", 0)).withFallback(ConfigFactory.load()));
        List<String> paths = problems.stream().map(Problem::path).toList();
        assertEquals(List.of("interlude.http.health.backlog", "interlude.http.health.backlog-over",
                "interlude.http.health.error-rate-over", "interlude.http.health.supervisor-timeout",
                "interlude.http.history.max-attempts"), paths, problems.toString());
        assertTrue(problems.get(0).message().contains("backlog-over"), problems.get(0).toString());
        assertThrows(InvalidInputException.class, () -> MonitoringSettings.load(ConfigFactory.parseMap(Map.of(
                "interlude.http.history.max-attempts", 0)).withFallback(ConfigFactory.load())));
    }
}
