package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The operator commands when there is no node to talk to, or the address is wrong. */
class OperatorCommandsTest {

    @Test
    void no_node_answering_is_one_line_and_exit_3() {
        Cli.Result r = Cli.run("stop", "--reason", "broker outage", "--url", "http://127.0.0.1:1");
        assertEquals(3, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("no node answers at http://127.0.0.1:1/"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void a_url_that_is_not_http_is_bad_input() {
        Cli.Result r = Cli.run("resume", "--url", "ftp://example.com");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("--url: expected an http:// or https:// address"), r.err());
    }

    @Test
    void stop_needs_a_reason() {
        Cli.Result r = Cli.run("stop", "--url", "http://127.0.0.1:1");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--reason"), r.err());
    }
}
