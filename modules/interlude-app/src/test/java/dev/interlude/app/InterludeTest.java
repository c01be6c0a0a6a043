package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InterludeTest {

    @Test
    void without_a_command_it_prints_usage() {
        Cli.Result r = Cli.run();
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("Usage: interlude"), r.out());
        assertTrue(r.out().contains("calendar"), r.out());
        assertTrue(r.out().contains("plan"), r.out());
    }

    @Test
    void an_unknown_command_is_bad_input_with_a_hint() {
        Cli.Result r = Cli.run("simulate-everything");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("interlude: Unmatched argument"), r.err());
        assertTrue(r.err().contains("--help"), r.err());
    }

    @Test
    void a_missing_required_option_is_bad_input() {
        Cli.Result r = Cli.run("calendar", "--from", "2026-01-01");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--to"), r.err());
        assertTrue(r.err().contains("interlude calendar --help"), r.err());
    }
}
