package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CalendarCommandTest {

    @Test
    void csv_lists_every_closure_and_early_close_of_2026() {
        Cli.Result r = Cli.run("calendar", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "csv");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(String.join("\n",
                "date,status,close,reason",
                "2026-01-01,closed,,New Year's Day",
                "2026-01-19,closed,,Martin Luther King Jr. Day",
                "2026-02-16,closed,,Washington's Birthday",
                "2026-04-03,closed,,Good Friday",
                "2026-05-25,closed,,Memorial Day",
                "2026-06-19,closed,,Juneteenth National Independence Day",
                "2026-07-03,closed,,Independence Day (observed)",
                "2026-09-07,closed,,Labor Day",
                "2026-11-26,closed,,Thanksgiving Day",
                "2026-11-27,early_close,13:00,Day after Thanksgiving",
                "2026-12-24,early_close,13:00,Christmas Eve",
                "2026-12-25,closed,,Christmas Day",
                ""), r.out());
    }

    @Test
    void json_has_the_same_rows() {
        Cli.Result r = Cli.run("calendar", "--from", "2012-10-29", "--to", "2012-10-31", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("\"date\" : \"2012-10-29\""), r.out());
        assertTrue(r.out().contains("\"status\" : \"closed\""), r.out());
        assertTrue(r.out().contains("\"close\" : \"\""), r.out());
        assertTrue(r.out().contains("\"date\" : \"2012-10-30\""), r.out());
        assertTrue(!r.out().contains("2012-10-31"), r.out());
    }

    @Test
    void table_is_the_default_and_counts_closures_and_early_closes() {
        Cli.Result r = Cli.run("calendar", "--from", "2026-11-23", "--to", "2026-11-30");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("XNYS from 2026-11-23 to 2026-11-30: 1 closure(s), 1 early close(s)"), r.out());
        assertTrue(r.out().contains("2026-11-27  Fri  early_close  13:00  Day after Thanksgiving"), r.out());
    }

    @Test
    void a_bad_date_names_the_option_and_the_expected_form() {
        Cli.Result r = Cli.run("calendar", "--from", "12/24/2026", "--to", "2026-12-31");
        assertEquals(2, r.exitCode());
        assertEquals("--from: expected a date such as 2026-11-27, got \"12/24/2026\"\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void a_reversed_range_is_bad_input() {
        Cli.Result r = Cli.run("calendar", "--from", "2026-12-31", "--to", "2026-01-01");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("--to: must not be before --from"), r.err());
    }

    @Test
    void an_unknown_format_is_bad_input_without_a_stack_trace() {
        Cli.Result r = Cli.run("calendar", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "xml");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--format"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }
}
