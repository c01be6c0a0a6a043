package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @Test
    void the_shipped_catalog_is_valid() {
        Cli.Result r = Cli.run("validate");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("conf/tasks.conf: 14 task(s), no problems"), r.out());
        assertTrue(r.out().contains("by priority: CRITICAL 3"), r.out());
    }

    @Test
    void lists_every_problem_of_a_broken_catalog_one_per_line(@TempDir Path dir) throws IOException {
        Path tasks = dir.resolve("tasks.conf");
        Files.writeString(tasks, String.join("\n",
                "tasks {",
                "  reconcile_positions { priority = HIGH, phases = [POST_MARKET], trigger { type = manual },",
                "                        handler { type = simulated } }",
                "  calculate_pnl { priority = URGENT, phases = [POST_MARKET], trigger { type = manual },",
                "                  handler { type = shell }, dependencies = [reconcile], memory-mb = lots }",
                "}"));
        Cli.Result r = Cli.run("validate", "--tasks", tasks.toString());
        assertEquals(2, r.exitCode());
        assertEquals("", r.out());
        String[] lines = r.err().split("\n");
        assertTrue(lines.length >= 4, r.err());
        assertTrue(r.err().contains("tasks.calculate_pnl.dependencies[0]: unknown task \"reconcile\""), r.err());
        assertTrue(r.err().contains("tasks.calculate_pnl.handler.type: unknown handler type \"shell\""), r.err());
        assertTrue(r.err().contains("tasks.calculate_pnl.memory-mb:"), r.err());
        assertTrue(r.err().contains("tasks.calculate_pnl.priority:"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void a_java_handler_that_is_not_registered_is_a_problem(@TempDir Path dir) throws IOException {
        Path tasks = dir.resolve("tasks.conf");
        Files.writeString(tasks, String.join("\n",
                "tasks {",
                "  snapshot { priority = HIGH, phases = [MARKET_HOURS], trigger { type = manual },",
                "             handler { type = java, name = positions-snapshots } }",
                "  risk { priority = HIGH, phases = [MARKET_HOURS], trigger { type = manual },",
                "         handler { type = java, name = risk-check } }",
                "}"));
        Cli.Result r = Cli.run("validate", "--tasks", tasks.toString());
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().startsWith("tasks.snapshot.handler.name: unknown Java handler \"positions-snapshots\", "
                + "registered: backup, data-quality-report, "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void a_missing_catalog_names_the_option() {
        Cli.Result r = Cli.run("validate", "--tasks", "/nonexistent/tasks.conf");
        assertEquals(2, r.exitCode());
        assertEquals("--tasks: no such file: /nonexistent/tasks.conf\n", r.err());
    }

    @Test
    void a_broken_node_configuration_is_reported_by_path(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, String.join("\n",
                "interlude.calendar.overrides = [ { date = \"12/24\", type = closed } ]",
                "interlude.planner.max-concurrent-runs = 0"));
        Cli.Result r = Cli.run("--config", conf.toString(), "validate");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("interlude.calendar.overrides[0].date: expected an ISO date like 2026-12-24, "
                + "got \"12/24\""), r.err());
        assertTrue(r.err().contains("interlude.planner.max-concurrent-runs: must be at least 1, got 0"), r.err());
    }

    @Test
    void a_configuration_that_does_not_parse_names_the_file_and_line(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, "interlude {\n  planner {\n    max-concurrent-runs = \n}\n");
        Cli.Result r = Cli.run("--config", conf.toString(), "validate");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith(conf + ":"), r.err());
        assertEquals(1, r.err().split("\n").length, r.err());
    }

    @Test
    void a_missing_configuration_file_names_the_option() {
        Cli.Result r = Cli.run("--config", "/nonexistent/application.conf", "validate");
        assertEquals(2, r.exitCode());
        assertEquals("--config: no such file: /nonexistent/application.conf\n", r.err());
    }

    @Test
    void the_nodes_own_settings_and_the_journal_are_checked_too(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, "interlude { node.port = abc, journal.backend = oracle }\n");
        Cli.Result r = Cli.run("--config", conf.toString(), "validate");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("interlude.node.port: expected a port number, got \"abc\""), r.err());
        assertTrue(r.err().contains("interlude.journal.backend: unknown journal backend \"oracle\""), r.err());
    }

    @Test
    void webhooks_are_checked_without_repeating_their_secret_or_url(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, String.join("\n",
                "interlude.webhooks = [",
                "  { url = \"ftp://hooks.example.com/T0KEN\", events = [run.abandonned], secret = \"hunter2\" }",
                "]"));
        Cli.Result r = Cli.run("--config", conf.toString(), "validate");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("interlude.webhooks[0].url: expected an http:// or https:// URL"), r.err());
        assertTrue(r.err().contains("interlude.webhooks[0].events[0]: unknown event \"run.abandonned\", did you "
                + "mean \"run.abandoned\"?"), r.err());
        assertTrue(r.err().contains("interlude.webhooks[0].secret: too short"), r.err());
        assertFalse(r.err().contains("hunter2") || r.err().contains("T0KEN"), r.err());
    }

    @Test
    void run_refuses_to_start_with_the_same_problems() {
        Cli.Result r = Cli.run("--config", "/nonexistent/application.conf", "run");
        assertEquals(2, r.exitCode());
        assertEquals("--config: no such file: /nonexistent/application.conf\n", r.err());
    }
}
