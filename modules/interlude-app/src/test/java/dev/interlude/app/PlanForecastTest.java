package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code interlude plan --hours N}: the sample desk simulated forward, as a table and as JSON. */
class PlanForecastTest {

    private static final String MLK_FRIDAY_CLOSE = "2026-01-16T15:00-05:00";

    private static JsonNode forecast(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("plan", "--json"));
        all.addAll(List.of(args));
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        String out = r.out().trim();
        assertTrue(out.startsWith("{") && out.endsWith("}"), "stdout carries only the JSON: " + r.out());
        return new ObjectMapper().readTree(out);
    }

    private static List<JsonNode> runsOf(JsonNode forecast, String task) {
        List<JsonNode> runs = new ArrayList<>();
        forecast.get("runs").forEach(run -> {
            if (run.get("task").asText().equals(task)) {
                runs.add(run);
            }
        });
        return runs;
    }

    private static OffsetDateTime time(JsonNode run, String field) {
        return OffsetDateTime.parse(run.get(field).asText());
    }

    @Test
    void the_table_lists_the_friday_close_then_the_holiday_weekend_window() {
        Cli.Result r = Cli.run("plan", "--at", MLK_FRIDAY_CLOSE, "--hours", "24");
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("Forecast from 2026-01-16T15:00-05:00 to 2026-01-17T15:00-05:00 (24 h) on a fresh "
                + "node, XNYS, times in America/New_York\n"), out);
        int reconcile = out.indexOf("reconcile_positions-");
        int pnl = out.indexOf("calculate_pnl-");
        int window = out.indexOf("Research window holiday_weekend, 2026-01-16T18:00-05:00 to 2026-01-20T08:00-05:00:"
                + " 86.0 h budget, 21.0 h of it forecast");
        int research = out.indexOf("run_nightly_research-");
        assertTrue(reconcile > 0 && pnl > reconcile, out);
        assertTrue(window > pnl && research > window, "the research runs are listed under their window: " + out);
        assertTrue(out.contains("\n  Fri 01-16 16:00:00  16:05:00      reconcile_positions "), out);
        assertTrue(out.contains("\nSummary: "), out);
        assertTrue(out.contains("\nNot run: send_alerts, refresh_data, validate_candidates, weekend_model_retrain\n"),
                "nothing approved: the tasks that need approval wait: " + out);
    }

    @Test
    void the_json_has_the_windows_and_the_runs_of_a_simulation() throws Exception {
        JsonNode forecast = forecast("--at", MLK_FRIDAY_CLOSE, "--hours", "24");
        assertEquals("2026-01-16T15:00-05:00", forecast.get("from").asText());
        assertEquals("2026-01-17T15:00-05:00", forecast.get("to").asText());
        JsonNode windows = forecast.get("windows");
        assertEquals(1, windows.size(), windows.toString());
        JsonNode window = windows.get(0);
        assertEquals("2026-01-16T18:00-05:00", window.get("start").asText());
        assertEquals("2026-01-20T08:00-05:00", window.get("end").asText());
        assertEquals("holiday_weekend", window.get("budgetType").asText());
        assertEquals(86.0, window.get("totalHours").asDouble());
        assertTrue(window.get("busyHours").asDouble() > 0, window.toString());
        assertTrue(window.get("utilization").isNumber(), window.toString());
        assertFalse(forecast.get("runs").isEmpty());
        for (JsonNode run : forecast.get("runs")) {
            for (String field : List.of("runId", "task", "start", "end", "outcome", "attempt")) {
                assertTrue(run.has(field), field + " missing in " + run);
            }
        }
        JsonNode reconcile = runsOf(forecast, "reconcile_positions").get(0);
        JsonNode pnl = runsOf(forecast, "calculate_pnl").get(0);
        assertEquals("succeeded", reconcile.get("outcome").asText());
        assertFalse(time(pnl, "start").isBefore(time(reconcile, "end")), "calculate_pnl waits for the reconcile");
    }

    @Test
    void without_at_the_forecast_starts_now() throws Exception {
        JsonNode forecast = forecast("--hours", "1.5");
        assertEquals("2026-11-21T12:00-05:00", forecast.get("from").asText());
        assertEquals("2026-11-21T13:30-05:00", forecast.get("to").asText());
        assertEquals("weekend", forecast.get("windows").get(0).get("budgetType").asText());
        assertFalse(runsOf(forecast, "refresh_eod_data").isEmpty(), forecast.toString());
    }

    @Test
    void approved_tasks_run_when_they_ask_and_the_others_wait() throws Exception {
        JsonNode waiting = forecast("--at", MLK_FRIDAY_CLOSE, "--hours", "8");
        assertTrue(runsOf(waiting, "validate_candidates").isEmpty(), waiting.toString());

        JsonNode approved = forecast("--at", MLK_FRIDAY_CLOSE, "--hours", "8", "--approved", "validate_candidates");
        List<JsonNode> validations = runsOf(approved, "validate_candidates");
        assertEquals(1, validations.size(), approved.toString());
        JsonNode research = runsOf(approved, "run_nightly_research").get(0);
        OffsetDateTime researchEnd = time(research, "end");
        OffsetDateTime start = time(validations.get(0), "start");
        assertTrue(!start.isBefore(researchEnd) && start.isBefore(researchEnd.plusMinutes(1)),
                "validation starts right after the nightly research (" + researchEnd + "), not at " + start);
        assertTrue(runsOf(approved, "weekend_model_retrain").isEmpty(), approved.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "745", "twelve", "", "0.00001"})
    void hours_must_be_above_zero_and_at_most_a_month(String hours) {
        Cli.Result r = Cli.run("plan", "--hours", hours);
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("--hours: expected a number of hours above 0 and at most 744 (31 days), such as 24 or 1.5, got \""
                + hours + "\"\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void done_does_not_apply_to_a_forecast() {
        Cli.Result r = Cli.run("plan", "--hours", "24", "--done", "refresh_eod_data", "--approved", "nope");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("--done: does not apply with --hours: a forecast starts on a fresh node and runs each task as it "
                + "falls due\n--approved: unknown task \"nope\"\n", r.err());
    }
}
