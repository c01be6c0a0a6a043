package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanCommandTest {

    private static JsonNode plan(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("plan", "--json"));
        all.addAll(List.of(args));
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static List<String> started(JsonNode plan) {
        List<String> names = new ArrayList<>();
        plan.get("starts").forEach(s -> names.add(s.get("task").asText()));
        return names;
    }

    private static Map<String, String> reasons(JsonNode plan) {
        Map<String, String> reasons = new HashMap<>();
        plan.get("waiting").forEach(w -> reasons.put(w.get("task").asText(), w.get("reason").asText()));
        return reasons;
    }

    @Test
    void overnight_the_fresh_desk_refreshes_end_of_day_data_before_research() throws Exception {
        JsonNode plan = plan("--at", "2026-11-18T20:00-05:00");
        assertEquals("OVERNIGHT", plan.get("phase").asText());
        assertTrue(started(plan).contains("refresh_eod_data"), plan.toString());
        Map<String, String> reasons = reasons(plan);
        assertEquals("dependency_pending", reasons.get("run_nightly_research"));
        assertEquals("wrong_phase", reasons.get("monitor_positions"));
        assertEquals("not_due", reasons.get("send_alerts"));
        assertEquals(14, started(plan).size() + plan.get("waiting").size());
    }

    @Test
    void assumed_completions_and_approvals_move_the_research_chain_forward() throws Exception {
        JsonNode plan = plan("--at", "2026-11-18T20:00-05:00", "--done", "refresh_eod_data,run_nightly_research");
        assertEquals("awaiting_approval", reasons(plan).get("validate_candidates"));

        JsonNode approved = plan("--at", "2026-11-18T20:00-05:00", "--done", "refresh_eod_data",
                "--done", "run_nightly_research", "--approved", "validate_candidates");
        assertTrue(started(approved).contains("validate_candidates"), approved.toString());
    }

    @Test
    void in_market_hours_the_risk_checks_run() throws Exception {
        JsonNode plan = plan("--at", "2026-11-18T11:00-05:00");
        assertEquals("MARKET_HOURS", plan.get("phase").asText());
        assertTrue(started(plan).contains("check_risk_limits"), plan.toString());
        assertTrue(started(plan).contains("monitor_positions"), plan.toString());
        assertTrue(plan.get("research").isNull(), plan.toString());
    }

    @Test
    void the_table_says_why_each_task_waits() {
        Cli.Result r = Cli.run("plan", "--at", "2026-11-18T20:00-05:00");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Plan at 2026-11-18T20:00-05:00: OVERNIGHT (mode RESEARCH)"), r.out());
        assertTrue(r.out().contains("waits for refresh_eod_data to succeed in this trading cycle"), r.out());
    }

    @Test
    void unknown_task_names_in_assumptions_are_bad_input() {
        Cli.Result r = Cli.run("plan", "--at", "now", "--done", "reconcile", "--approved", "nope");
        assertEquals(2, r.exitCode());
        assertEquals("--done: unknown task \"reconcile\"\n--approved: unknown task \"nope\"\n", r.err());
    }
}
