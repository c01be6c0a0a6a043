package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BudgetCommandTest {

    private static JsonNode json(Cli.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @ParameterizedTest(name = "{0} is in a {3} window of {4} h")
    @CsvSource({
            "2026-11-18T20:00-05:00, 2026-11-18T18:00-05:00, 2026-11-19T08:00-05:00, overnight, 14.0, false",
            "2026-11-21T12:00-05:00, 2026-11-20T18:00-05:00, 2026-11-23T08:00-05:00, weekend, 62.0, false",
            "2026-01-17T12:00-05:00, 2026-01-16T18:00-05:00, 2026-01-20T08:00-05:00, holiday_weekend, 86.0, true",
            "2026-11-26T12:00-05:00, 2026-11-25T18:00-05:00, 2026-11-27T08:00-05:00, holiday, 38.0, true",
            "2026-11-28T12:00-05:00, 2026-11-27T15:00-05:00, 2026-11-30T08:00-05:00, weekend, 65.0, false"
    })
    void research_window_containing_the_instant(String at, String start, String end, String type, double hours,
                                                boolean extended) throws Exception {
        JsonNode b = json(Cli.run("budget", "--at", at, "--json"));
        assertEquals(at, b.get("at").asText());
        assertEquals("RESEARCH", b.get("mode").asText());
        JsonNode research = b.get("research");
        assertEquals(start, research.get("start").asText());
        assertEquals(end, research.get("end").asText());
        assertEquals(type, research.get("budgetType").asText());
        assertEquals(hours, research.get("totalHours").asDouble());
        assertEquals(extended, research.get("extended").asBoolean());
    }

    @Test
    void during_market_hours_it_shows_the_phase_and_the_next_window_in_full() throws Exception {
        JsonNode b = json(Cli.run("budget", "--at", "2026-11-18T11:00-05:00", "--json"));
        assertEquals("MARKET_HOURS", b.get("phase").asText());
        assertEquals("TRADING", b.get("mode").asText());
        assertEquals("2026-11-18T09:30-05:00", b.get("phaseStart").asText());
        assertEquals("2026-11-18T16:00-05:00", b.get("phaseEnd").asText());
        assertEquals(14.0, b.get("research").get("remainingHours").asDouble());
        assertEquals("2026-11-18T18:00-05:00", b.get("research").get("start").asText());
    }

    @Test
    void now_comes_from_the_clock() throws Exception {
        JsonNode b = json(Cli.run("budget", "--at", "now", "--json"));
        assertEquals("2026-11-21T12:00-05:00", b.get("at").asText());
        assertEquals("WEEKEND", b.get("phase").asText());
        assertEquals(44.0, b.get("research").get("remainingHours").asDouble());
    }

    @Test
    void a_local_date_time_is_read_in_the_exchange_zone() throws Exception {
        JsonNode b = json(Cli.run("budget", "--at", "2026-07-02T20:00", "--json"));
        assertEquals("2026-07-02T20:00-04:00", b.get("at").asText());
        assertEquals("holiday_weekend", b.get("research").get("budgetType").asText());
    }

    @Test
    void text_output_names_the_window_and_what_is_left() {
        Cli.Result r = Cli.run("budget", "--at", "2026-11-21T12:00-05:00");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("phase     WEEKEND (mode RESEARCH)"), r.out());
        assertTrue(r.out().contains("budget    2d 14h total, 1d 20h left"), r.out());
    }

    @Test
    void a_bad_instant_names_the_option_and_the_expected_forms() {
        Cli.Result r = Cli.run("budget", "--at", "tomorrow");
        assertEquals(2, r.exitCode());
        assertEquals("--at: expected \"now\" or an ISO-8601 instant such as 2026-11-18T20:00-05:00 "
                + "(or 2026-11-18T20:00 in America/New_York), got \"tomorrow\"\n", r.err());
    }
}
