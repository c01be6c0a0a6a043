package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void huge_values_are_refused_with_the_bound_and_the_value(@TempDir Path dir) throws IOException {
        Path tasks = dir.resolve("tasks.conf");
        Files.writeString(tasks, String.join("\n",
                "task-defaults { retry { multiplier = 1e300 } }",
                "tasks {",
                "  x { priority = HIGH, phases = [POST_MARKET], handler { type = simulated },",
                "      estimated-duration = 99999999999d, trigger { type = interval, every = 99999999999d },",
                "      retry { max-attempts = 99999999999, initial-backoff = 99999999999d, max-backoff = 1e300d } }",
                "}"));
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, "interlude { supervisor.safety-tick = 99999999999d, planner.max-concurrent-runs = "
                + "99999999999, handlers.command.output-tail-bytes = 1e300 }\n");

        assertEquals(List.of(
                "interlude.handlers.command.output-tail-bytes: must be at most 16MiB, got 1.0E300",
                "interlude.planner.max-concurrent-runs: must be at most 100000, got 99999999999",
                "interlude.supervisor.safety-tick: must be at most 1h, got 99999999999d",
                "task-defaults.retry.multiplier: must be at most 10, got 1.0E300",
                "tasks.x.estimated-duration: must be at most 7d, got 99999999999d",
                "tasks.x.retry.initial-backoff: must be at most 1d, got 99999999999d",
                "tasks.x.retry.max-attempts: must be at most 100, got 99999999999",
                "tasks.x.retry.max-backoff: must be at most 1d, got 1e300d",
                "tasks.x.trigger.every: must be at most 366d, got 99999999999d"),
                problems("--config", conf.toString(), "validate", "--tasks", tasks.toString()));
    }

    @Test
    void a_tasks_file_of_the_wrong_type_or_null_is_a_problem_not_an_internal_error(@TempDir Path dir)
            throws IOException {
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, "interlude.tasks-file = [conf/tasks.conf]\n");
        Cli.Result list = Cli.run("--config", conf.toString(), "validate");
        Files.writeString(conf, "interlude.tasks-file = null\n");
        Cli.Result none = Cli.run("--config", conf.toString(), "validate");

        assertEquals(2, list.exitCode(), list.err());
        assertEquals("interlude.tasks-file: expected a string, got a list\n", list.err());
        assertEquals(2, none.exitCode(), none.err());
        assertEquals("interlude.tasks-file: missing required key\n", none.err());
    }

    @Test
    void a_misspelt_block_is_not_ignored_whole(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, "interlude.plannr { max-concurrent-runs = 99 }\n");

        Cli.Result r = Cli.run("--config", conf.toString(), "validate");

        assertEquals(2, r.exitCode(), r.out());
        assertEquals("interlude.plannr: unknown key \"plannr\", did you mean \"planner\"?\n", r.err());
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

    /** Every HTTP, feed, health, history and webhook setting far beyond its range: 300 days, 2e9, 2000MiB. */
    static final String HUGE_HTTP_SETTINGS = String.join("\n",
            "interlude.http {",
            "  max-body = 2000MiB",
            "  events { heartbeat = 300d, buffer = 2e9, hub-timeout = 300d }",
            "  health { supervisor-timeout = 300d, backlog-over = 2e9, error-rate-window = 300d,",
            "           no-completion-for = 300d, check-every = 300d }",
            "}",
            "interlude.webhook-defaults { secret = \"s3cr3t-for-tests-0123456789abcdef\", timeout = 300d,",
            "                             initial-backoff = 300d, max-backoff = 300d }",
            "interlude.webhooks = [ { url = \"https://h.example.com/\", events = [run.abandoned], timeout = 300d,",
            "                         initial-backoff = 300d, max-backoff = 300d, max-queue = 2e9 } ]");

    static final List<String> HUGE_HTTP_PROBLEMS = List.of(
            "interlude.http.events.buffer: must be at most 1000000, got 2000000000",
            "interlude.http.events.heartbeat: must be at most 10m, got 300d",
            "interlude.http.events.hub-timeout: must be at most 1h, got 300d",
            "interlude.http.health.backlog-over: must be at most 1000000, got 2000000000",
            "interlude.http.health.check-every: must be at most 1h, got 300d",
            "interlude.http.health.error-rate-window: must be at most 7d, got 300d",
            "interlude.http.health.no-completion-for: must be at most 7d, got 300d",
            "interlude.http.health.supervisor-timeout: must be at most 1h, got 300d",
            "interlude.http.max-body: must be at most 16MiB, got 2000MiB",
            "interlude.webhook-defaults.initial-backoff: must be at most 1d, got 300d",
            "interlude.webhook-defaults.max-backoff: must be at most 1d, got 300d",
            "interlude.webhook-defaults.timeout: must be at most 1h, got 300d",
            "interlude.webhooks[0].initial-backoff: must be at most 1d, got 300d",
            "interlude.webhooks[0].max-backoff: must be at most 1d, got 300d",
            "interlude.webhooks[0].max-queue: must be at most 100000, got 2000000000",
            "interlude.webhooks[0].timeout: must be at most 1h, got 300d");

    @Test
    void huge_http_feed_health_and_webhook_settings_are_refused_with_the_bound_and_the_value(@TempDir Path dir)
            throws IOException {
        Path conf = write(dir, "application.conf", HUGE_HTTP_SETTINGS);

        assertEquals(HUGE_HTTP_PROBLEMS, problems("--config", conf.toString(), "validate"));
        assertEquals(HUGE_HTTP_PROBLEMS, problems("--config", conf.toString(), "run"), "run refuses to start the node");
    }

    @Test
    void the_nodes_task_defaults_apply_under_the_catalogs_own(@TempDir Path dir) throws IOException {
        Path tasks = write(dir, "tasks.conf",
                "tasks {",
                "  a { priority = HIGH, phases = [POST_MARKET], trigger { type = manual }, handler { type = simulated } }",
                "  b { priority = LOW, phases = [POST_MARKET], trigger { type = manual }, handler { type = simulated },",
                "      category = research }",
                "}");
        Path conf = write(dir, "application.conf", "interlude.task-defaults { category = desk, requires-approval = true }");

        Cli.Result r = Cli.run("--config", conf.toString(), "validate", "--tasks", tasks.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("by category: desk 1, research 1"), r.out());
        assertTrue(r.out().contains("0 disabled, 2 requiring approval"), r.out());

        Files.writeString(tasks, "task-defaults { category = ops, requires-approval = false }\n"
                + Files.readString(tasks));
        Cli.Result overridden = Cli.run("--config", conf.toString(), "validate", "--tasks", tasks.toString());
        assertTrue(overridden.out().contains("by category: ops 1, research 1"), overridden.out());
        assertTrue(overridden.out().contains("0 disabled, 0 requiring approval"), overridden.out());
    }

    @Test
    void the_nodes_task_defaults_are_checked_by_their_path_even_without_a_catalog(@TempDir Path dir)
            throws IOException {
        Path conf = write(dir, "application.conf", "interlude.task-defaults { estimated-duration = 99999999999d, "
                + "priority = HIGH, retry { max-attempts = 0 } }");

        List<String> expected = List.of(
                "interlude.task-defaults.estimated-duration: must be at most 7d, got 99999999999d",
                "interlude.task-defaults.priority: unknown key \"priority\"",
                "interlude.task-defaults.retry.max-attempts: must be at least 1, got 0");
        assertEquals(expected, problems("--config", conf.toString(), "validate"), "with the shipped catalog");
        assertEquals(List.of("--tasks: no such file: /nonexistent/tasks.conf", expected.get(0), expected.get(1),
                expected.get(2)), problems("--config", conf.toString(), "validate", "--tasks",
                "/nonexistent/tasks.conf"));
    }

    @Test
    void a_value_that_is_not_a_name_at_all_is_told_the_names_it_may_be(@TempDir Path dir) throws IOException {
        Path tasks = write(dir, "tasks.conf", "tasks.x { priority = 5, phases = [POST_MARKET], "
                + "trigger { type = manual }, handler { type = simulated } }");
        Path conf = write(dir, "application.conf",
                "interlude.calendar { id = 1, overrides = [ { date = \"2026-12-24\", type = 2 } ] }",
                "interlude.planner.memory.source = 3",
                "interlude.journal.backend = 4",
                "interlude.hardware.device = 5",
                "interlude.webhook-defaults.secret = \"s3cr3t-for-tests-0123456789abcdef\"",
                "interlude.webhooks = [ { url = \"https://h.example.com/\", events = [6] } ]");

        assertEquals(List.of(
                "interlude.calendar.id: expected one of XNYS, business, got 1",
                "interlude.calendar.overrides[0].type: expected one of closed, early-close, open, got 2",
                "interlude.hardware.device: expected one of none, console, sysfs, got 5",
                "interlude.journal.backend: expected one of h2, postgres, got 4",
                "interlude.planner.memory.source: expected one of fixed, available, got 3",
                "interlude.webhooks[0].events[0]: expected one of run.abandoned, run.awaiting_approval, "
                        + "dispatch.stopped, dispatch.resumed, health.degraded, got 6",
                "tasks.x.priority: expected one of CRITICAL, HIGH, MEDIUM, LOW, BACKGROUND, got 5"),
                problems("--config", conf.toString(), "validate", "--tasks", tasks.toString()));
    }

    /** The problems a command prints, one a line, sorted; it must exit 2 (bad input). */
    private static List<String> problems(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.exitCode(), r.out());
        return r.err().lines().sorted().toList();
    }

    /** {@code dir/name} holding {@code lines}. */
    private static Path write(Path dir, String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }
}
