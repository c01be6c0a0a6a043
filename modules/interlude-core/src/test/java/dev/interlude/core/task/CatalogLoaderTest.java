package dev.interlude.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.Environment;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.window.Phase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String MINIMAL = """
            priority = HIGH
            phases = [POST_MARKET]
            trigger { type = manual }
            handler { type = simulated }
            """;

    // ---- what loads ----

    @Test
    void a_minimal_task_gets_the_reference_defaults() {
        TaskSpec spec = load("tasks.x { " + MINIMAL + " }").get("x").orElseThrow();

        assertEquals("general", spec.category());
        assertEquals("", spec.description());
        assertEquals(256, spec.memoryMb());
        assertEquals(Duration.ofMinutes(10), spec.estimatedDuration());
        assertEquals(Duration.ofMinutes(30), spec.timeout(), "estimate x timeout-multiple");
        assertEquals(RetryPolicy.DEFAULT, spec.retry());
        assertEquals(Risk.LOW, spec.risk());
        assertEquals(1.0, spec.confidence());
        assertEquals(1, spec.maxConcurrentRuns());
        assertTrue(spec.enabled());
        assertEquals(Optional.empty(), spec.deadline());
    }

    @Test
    void the_catalogs_task_defaults_override_the_reference_ones_key_by_key() {
        TaskSpec spec = load("task-defaults { memory-mb = 1024, retry { max-attempts = 5 } }\n"
                + "tasks.x { " + MINIMAL + " }").get("x").orElseThrow();

        assertEquals(1024, spec.memoryMb());
        assertEquals(new RetryPolicy(5, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(10), 0.2), spec.retry());
    }

    @Test
    void a_task_may_override_part_of_its_retry_policy() {
        TaskSpec spec = loadTask("retry { max-attempts = 1 }");

        assertEquals(new RetryPolicy(1, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(10), 0.2), spec.retry());
    }

    @Test
    void modes_expand_to_their_phases_and_combine_with_phases() {
        TaskSpec spec = loadTask("phases = [PRE_MARKET], modes = [research]");

        assertEquals(Set.of(Phase.PRE_MARKET, Phase.OVERNIGHT, Phase.WEEKEND, Phase.HOLIDAY), spec.phases());
    }

    @Test
    void reads_every_trigger_type() {
        assertEquals(new Trigger.Cron("*/15 * * * *", NEW_YORK),
                loadTask("trigger { type = cron, expression = \"*/15 * * * *\" }").trigger());
        assertEquals(new Trigger.Cron("0 0 9 ? * MON", ZoneId.of("Europe/London")),
                loadTask("trigger { type = cron, expression = \"0 0 9 ? * MON\", zone = \"Europe/London\" }").trigger());
        assertEquals(new Trigger.Daily(LocalTime.of(18, 30), NEW_YORK),
                loadTask("trigger { type = daily, at = \"18:30\" }").trigger());
        assertEquals(new Trigger.Weekly(Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0), NEW_YORK),
                loadTask("trigger { type = weekly, days = [MON, friday], at = \"07:00\" }").trigger());
        assertEquals(new Trigger.Interval(Duration.ofMinutes(15)),
                loadTask("trigger { type = interval, every = 15m }").trigger());
        assertEquals(new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW),
                loadTask("trigger { type = every-window, scope = window }").trigger());
        assertEquals(new Trigger.EveryWindow(Trigger.EveryWindow.Scope.TRADING_DAY),
                loadTask("trigger { type = every-window, scope = trading-day }").trigger());
    }

    @Test
    void reads_every_handler_type() {
        assertEquals(new HandlerSpec.Java("pnl", Map.of("book", "main")),
                loadTask("handler { type = java, name = pnl, settings { book = main } }").handler());
        assertEquals(new HandlerSpec.Command(List.of("echo", "hi"), Optional.of("/tmp"), Map.of("LANG", "C"),
                        Optional.of(128)),
                loadTask("handler { type = command, argv = [echo, hi], cwd = \"/tmp\", env { LANG = C }, "
                        + "memory-limit-mb = 128 }").handler());
        assertEquals(new HandlerSpec.Http("POST", URI.create("https://example.com/hook"), Map.of("X-Key", "1"),
                        Optional.of("{}")),
                loadTask("handler { type = http, method = POST, url = \"https://example.com/hook\", "
                        + "headers { X-Key = \"1\" }, body = \"{}\" }").handler());
        assertEquals(new HandlerSpec.Simulated(Optional.of(Duration.ofMinutes(5)), 0.25),
                loadTask("handler { type = simulated, failure-probability = 0.25, duration = 5m }").handler());
    }

    @Test
    void reads_branches() {
        TaskCatalog catalog = load("tasks { x { " + MINIMAL + """
                branches = [
                  { on = failure, task = alerts, parameters { reason = "x failed" } }
                  { on = result-contains, value = BREACH, task = alerts }
                ] }
                alerts { """ + MINIMAL + " } }");

        assertEquals(List.of(
                new Branch(Branch.Condition.FAILURE, Optional.empty(), "alerts", Map.of("reason", "x failed")),
                new Branch(Branch.Condition.RESULT_CONTAINS, Optional.of("BREACH"), "alerts", Map.of())),
                catalog.get("x").orElseThrow().branches());
    }

    @Test
    void conflicts_are_mutual() {
        TaskCatalog catalog = load("tasks { a { " + MINIMAL + " conflicts = [b] }, b { " + MINIMAL + " } }");

        assertEquals(Set.of("b"), catalog.get("a").orElseThrow().conflicts());
        assertEquals(Set.of("a"), catalog.get("b").orElseThrow().conflicts());
    }

    @Test
    void allows_a_timeout_shorter_than_the_estimate() {
        TaskSpec spec = loadTask("estimated-duration = 1h, timeout = 30m");

        assertEquals(Duration.ofMinutes(30), spec.timeout());
    }

    @Test
    void keeps_declaration_order() {
        TaskCatalog catalog = load("tasks {\n b { " + MINIMAL + " }\n a { " + MINIMAL + " }\n}");

        assertEquals(List.of("b", "a"), List.copyOf(catalog.names()));
    }

    // ---- one rule each ----

    @Test
    void rejects_a_catalog_without_tasks() {
        assertEquals(List.of(new Problem("tasks", "missing required key: a catalog is a tasks { ... } object")),
                CatalogLoader.validate(ConfigFactory.parseString("task = {}"), NEW_YORK));
    }

    @Test
    void rejects_an_unknown_key_and_suggests_the_closest() {
        assertProblem("memory = 512", "tasks.x.memory", "unknown key \"memory\", did you mean \"memory-mb\"?");
        assertProblem("priorty = LOW", "tasks.x.priorty", "unknown key \"priorty\", did you mean \"priority\"?");
        assertProblem("colour = blue", "tasks.x.colour", "unknown key \"colour\"");
    }

    @Test
    void rejects_a_value_of_the_wrong_type() {
        assertProblem("memory-mb = lots", "tasks.x.memory-mb", "expected a whole number of megabytes, got \"lots\"");
        assertProblem("extendable = maybe", "tasks.x.extendable", "expected true or false, got \"maybe\"");
        assertProblem("dependencies = reconcile", "tasks.x.dependencies", "expected a list of strings, got \"reconcile\"");
        assertProblem("trigger = daily", "tasks.x.trigger", "expected an object, got \"daily\"");
    }

    @Test
    void rejects_missing_required_keys() {
        List<Problem> problems = validate("tasks.x { description = nothing }");

        assertEquals(List.of(
                new Problem("tasks.x", "missing phases or modes: a task runs only in the phases it names "
                        + "(modes expand to their phases)"),
                new Problem("tasks.x.handler", "missing required key"),
                new Problem("tasks.x.priority", "missing required key"),
                new Problem("tasks.x.trigger", "missing required key")), problems);
    }

    @Test
    void rejects_empty_phases() {
        assertProblem("phases = []", "tasks.x.phases", "must name at least one phase or mode");
    }

    @Test
    void rejects_unknown_enum_values() {
        assertProblem("priority = URGENT", "tasks.x.priority",
                "unknown priority \"URGENT\", expected one of CRITICAL, HIGH, MEDIUM, LOW, BACKGROUND");
        assertProblem("phases = [AFTER_HOURS]", "tasks.x.phases[0]", "unknown phase \"AFTER_HOURS\", expected one of "
                + "PRE_MARKET, MARKET_HOURS, POST_MARKET, OVERNIGHT, WEEKEND, HOLIDAY");
        assertProblem("modes = [PLAY]", "tasks.x.modes[0]", "unknown mode \"PLAY\", expected one of PREP, TRADING, RESEARCH");
        assertProblem("risk = NONE", "tasks.x.risk", "unknown risk \"NONE\", expected one of LOW, MEDIUM, HIGH");
    }

    @Test
    void a_value_that_is_not_a_name_at_all_is_told_the_names_it_may_be() {
        assertProblem("priority = 5", "tasks.x.priority",
                "expected one of CRITICAL, HIGH, MEDIUM, LOW, BACKGROUND, got 5");
        assertProblem("risk = [HIGH]", "tasks.x.risk", "expected one of LOW, MEDIUM, HIGH, got a list");
        assertProblem("phases = [POST_MARKET, 3]", "tasks.x.phases[1]", "expected one of "
                + "PRE_MARKET, MARKET_HOURS, POST_MARKET, OVERNIGHT, WEEKEND, HOLIDAY, got 3");
        assertProblem("modes = RESEARCH", "tasks.x.modes", "expected a list of modes from PREP, TRADING, RESEARCH, "
                + "got \"RESEARCH\"");
        assertProblem("trigger { type = 1 }", "tasks.x.trigger.type",
                "expected one of cron, daily, weekly, interval, every-window, manual, got 1");
        assertProblem("trigger { type = every-window, scope = true }", "tasks.x.trigger.scope",
                "expected one of window, trading-day, got true");
        assertProblem("trigger { type = weekly, days = [MON, 2], at = \"07:00\" }", "tasks.x.trigger.days[1]",
                "expected one of MON, TUE, WED, THU, FRI, SAT, SUN, got 2");
        assertProblem("handler { type = {} }", "tasks.x.handler.type",
                "expected one of java, command, http, simulated, got an object");
        assertProblem("handler { type = http, url = \"https://h.example.com/\", method = 7 }",
                "tasks.x.handler.method", "expected one of GET, HEAD, POST, PUT, PATCH, DELETE, got 7");
        assertProblem("branches = [ { on = 0, task = x } ]", "tasks.x.branches[0].on",
                "expected one of success, failure, result-equals, result-contains, got 0");
    }

    @Test
    void an_element_of_the_wrong_type_leaves_the_others_at_their_own_index() {
        assertEquals(List.of(
                new Problem("tasks.x.phases[0]", "expected one of PRE_MARKET, MARKET_HOURS, POST_MARKET, OVERNIGHT, "
                        + "WEEKEND, HOLIDAY, got 3"),
                new Problem("tasks.x.phases[1]", "unknown phase \"AFTER_HOURS\", expected one of PRE_MARKET, "
                        + "MARKET_HOURS, POST_MARKET, OVERNIGHT, WEEKEND, HOLIDAY")),
                validate("tasks.x { " + MINIMAL + " }\ntasks.x { phases = [3, AFTER_HOURS] }"));
        // A list of names with an element that is not a string is not read further: no problem at a shifted index.
        assertProblem("dependencies = [3, reconcile]", "tasks.x.dependencies[0]", "expected a string, got 3");
    }

    @Test
    void rejects_an_unknown_dependency_and_suggests_the_closest_name() {
        List<Problem> problems = validate("tasks { calculate_pnl { " + MINIMAL + " dependencies = [reconcile] }, "
                + "reconcile_positions { " + MINIMAL + " } }");

        assertEquals(List.of(new Problem("tasks.calculate_pnl.dependencies[0]",
                "unknown task \"reconcile\", did you mean \"reconcile_positions\"?")), problems);
    }

    @Test
    void names_a_dependency_cycle() {
        List<Problem> problems = validate("tasks { a { " + MINIMAL + " dependencies = [b] }, "
                + "b { " + MINIMAL + " dependencies = [c] }, c { " + MINIMAL + " dependencies = [a] } }");

        assertEquals(List.of(new Problem("tasks.a.dependencies", "dependency cycle: a -> b -> c -> a")), problems);
    }

    @Test
    void names_each_cycle_once() {
        List<Problem> problems = validate("tasks { b { " + MINIMAL + " dependencies = [a] }, "
                + "a { " + MINIMAL + " dependencies = [b] }, d { " + MINIMAL + " dependencies = [a] } }");

        assertEquals(List.of(new Problem("tasks.a.dependencies", "dependency cycle: a -> b -> a")), problems);
    }

    @Test
    void rejects_a_task_depending_on_itself() {
        assertProblem("dependencies = [x]", "tasks.x.dependencies[0]", "a task cannot depend on itself");
    }

    @Test
    void rejects_a_task_conflicting_with_itself() {
        assertProblem("conflicts = [x]", "tasks.x.conflicts[0]", "a task cannot conflict with itself");
    }

    @Test
    void rejects_an_unknown_conflict() {
        assertProblem("conflicts = [nightly]", "tasks.x.conflicts[0]", "unknown task \"nightly\"");
    }

    @Test
    void rejects_a_bad_cron_expression_with_cron_utils_words() {
        assertProblem("trigger { type = cron, expression = \"61 * * * *\" }", "tasks.x.trigger.expression",
                "invalid cron expression \"61 * * * *\": Failed to parse cron expression. Value 61 not in range [0, 59]");
        assertProblem("trigger { type = cron, expression = \"* *\" }", "tasks.x.trigger.expression",
                "invalid cron expression \"* *\": expected 5 fields (Unix cron) or 6-7 fields (Quartz cron), got 2");
    }

    @Test
    void rejects_bad_times() {
        assertProblem("trigger { type = daily, at = \"25:00\" }", "tasks.x.trigger.at",
                "expected a local time such as \"18:30\", got \"25:00\"");
        assertProblem("deadline = 7pm", "tasks.x.deadline", "expected a local time such as \"18:30\", got \"7pm\"");
    }

    @Test
    void rejects_bad_days_and_zones() {
        assertProblem("trigger { type = weekly, days = [MON, Funday], at = \"07:00\" }", "tasks.x.trigger.days",
                "unknown day \"Funday\" at index 1, expected MON, TUE, WED, THU, FRI, SAT or SUN");
        assertProblem("trigger { type = weekly, days = [], at = \"07:00\" }", "tasks.x.trigger.days",
                "must name at least one day");
        assertProblem("trigger { type = daily, at = \"07:00\", zone = \"Mars/Base\" }", "tasks.x.trigger.zone",
                "unknown time zone \"Mars/Base\"");
    }

    @Test
    void rejects_non_positive_durations() {
        assertProblem("estimated-duration = 0s", "tasks.x.estimated-duration", "must be positive, got 0s");
        assertProblem("timeout = -5m", "tasks.x.timeout", "must be positive, got -5m");
        assertProblem("trigger { type = interval, every = 0m }", "tasks.x.trigger.every", "must be at least 1s, got 0m");
    }

    @Test
    void rejects_a_duration_without_unit_or_unreadable() {
        assertProblem("timeout = 60", "tasks.x.timeout", "expected a duration such as 30s, 15m or 2h, got 60");
        assertProblem("timeout = soon", "tasks.x.timeout", "expected a duration such as 30s, 15m or 2h, got \"soon\"");
    }

    @Test
    void rejects_impossible_retry_settings() {
        assertProblem("retry { max-attempts = 0 }", "tasks.x.retry.max-attempts",
                "must be at least 1, got 0");
        assertProblem("retry { multiplier = 0.5 }", "tasks.x.retry.multiplier", "must be at least 1, got 0.5");
        assertProblem("retry { initial-backoff = 5m, max-backoff = 1m }", "tasks.x.retry.max-backoff",
                "must not be shorter than initial-backoff (5m), got 1m");
        assertProblem("retry { jitter = 1.5 }", "tasks.x.retry.jitter", "must be between 0 and 1, got 1.5");
        assertProblem("retry { tries = 3 }", "tasks.x.retry.tries", "unknown key \"tries\"");
    }

    // ---- bounds: a value outside its range names the path, the bound and the value as written ----

    @Test
    void huge_durations_are_refused_naming_the_bound() {
        assertProblem("estimated-duration = 99999999999d", "tasks.x.estimated-duration",
                "must be at most 7d, got 99999999999d");
        assertProblem("estimated-duration = 1e300d", "tasks.x.estimated-duration", "must be at most 7d, got 1e300d");
        assertProblem("timeout = 8d", "tasks.x.timeout", "must be at most 7d, got 8d");
        assertProblem("retry { max-backoff = 1000d }", "tasks.x.retry.max-backoff", "must be at most 1d, got 1000d");
        assertProblem("handler { type = simulated, duration = 30d }", "tasks.x.handler.duration",
                "must be at most 7d, got 30d");
        assertTrue(validate("tasks.x { " + MINIMAL + " }\ntasks.x { retry { initial-backoff = 2d, max-backoff = 2d } }")
                .contains(new Problem("tasks.x.retry.initial-backoff", "must be at most 1d, got 2d")));
    }

    @Test
    void an_interval_fires_at_most_once_a_second_and_at_least_once_a_year() {
        assertProblem("trigger { type = interval, every = 500ms }", "tasks.x.trigger.every",
                "must be at least 1s, got 500ms");
        assertProblem("trigger { type = interval, every = 367d }", "tasks.x.trigger.every",
                "must be at most 366d, got 367d");
        assertProblem("trigger { type = interval, every = 99999999999d }", "tasks.x.trigger.every",
                "must be at most 366d, got 99999999999d");
        assertEquals(new Trigger.Interval(Duration.ofDays(366)),
                loadTask("trigger { type = interval, every = 366d }").trigger());
        assertEquals(new Trigger.Interval(Duration.ofSeconds(1)),
                loadTask("trigger { type = interval, every = 1s }").trigger());
    }

    @Test
    void numbers_too_large_for_an_int_or_a_long_are_out_of_range_not_garbage() {
        assertProblem("retry { max-attempts = 99999999999 }", "tasks.x.retry.max-attempts",
                "must be at most 100, got 99999999999");
        assertProblem("retry { max-attempts = 99999999999999999999 }", "tasks.x.retry.max-attempts",
                "must be at most 100, got 99999999999999999999");
        assertProblem("retry { max-attempts = 101 }", "tasks.x.retry.max-attempts", "must be at most 100, got 101");
        assertProblem("retry { multiplier = 1e300 }", "tasks.x.retry.multiplier", "must be at most 10, got 1.0E300");
        assertProblem("retry { multiplier = 10.5 }", "tasks.x.retry.multiplier", "must be at most 10, got 10.5");
        assertProblem("memory-mb = 99999999999", "tasks.x.memory-mb", "must be at most 1048576, got 99999999999");
        assertProblem("memory-mb = -99999999999", "tasks.x.memory-mb", "must not be negative, got -99999999999");
        assertProblem("max-concurrent-runs = 100001", "tasks.x.max-concurrent-runs", "must be at most 100000, got 100001");
        assertProblem("handler { type = command, argv = [x], memory-limit-mb = 2000000 }",
                "tasks.x.handler.memory-limit-mb", "must be at most 1048576, got 2000000");
        assertProblem("retry { max-attempts = 2.5 }", "tasks.x.retry.max-attempts",
                "expected a whole number of attempts, got 2.5");
    }

    @Test
    void not_a_number_infinity_and_unitless_durations_are_refused() {
        assertProblem("retry { multiplier = NaN }", "tasks.x.retry.multiplier", "expected a number, got \"NaN\"");
        assertProblem("retry { multiplier = Infinity }", "tasks.x.retry.multiplier",
                "expected a number, got \"Infinity\"");
        assertProblem("confidence = 1e999", "tasks.x.confidence", "expected a number, got Infinity");
        assertProblem("estimated-duration = \"NaN s\"", "tasks.x.estimated-duration",
                "expected a duration such as 30s, 15m or 2h, got \"NaN s\"");
        assertProblem("timeout = \"5\"", "tasks.x.timeout", "expected a duration such as 30s, 15m or 2h, got \"5\"");
    }

    @Test
    void task_defaults_are_bounded_like_every_task() {
        List<Problem> problems = validate("task-defaults { timeout-multiple = 1e300, memory-mb = 99999999999, "
                + "retry { max-attempts = 0, multiplier = 11 } }\ntasks.x { " + MINIMAL + " }");

        assertEquals(List.of(
                new Problem("task-defaults.memory-mb", "must be at most 1048576, got 99999999999"),
                new Problem("task-defaults.retry.max-attempts", "must be at least 1, got 0"),
                new Problem("task-defaults.retry.multiplier", "must be at most 10, got 11"),
                new Problem("task-defaults.timeout-multiple", "must be at most 10, got 1.0E300")), problems);
    }

    @Test
    void a_long_estimate_needs_its_own_timeout_when_the_multiple_would_exceed_the_longest() {
        assertProblem("estimated-duration = 3d", "tasks.x.timeout", "missing, and estimated-duration (3d) x "
                + "timeout-multiple (3.0) is 9d, longer than a timeout may be (7d); set a timeout of at most 7d");
        assertEquals(Duration.ofDays(7), loadTask("estimated-duration = 3d, timeout = 7d").timeout());
    }

    @Test
    void the_largest_values_allowed_load_and_nothing_computed_from_them_overflows() {
        TaskSpec spec = loadTask("estimated-duration = 7d, timeout = 7d, memory-mb = 1048576, "
                + "max-concurrent-runs = 100000, trigger { type = interval, every = 366d }, "
                + "retry { max-attempts = 100, initial-backoff = 1d, multiplier = 10, max-backoff = 1d, jitter = 1 }");
        RetryPolicy retry = spec.retry();
        Instant now = Instant.parse("2026-11-21T17:00:00Z");

        assertEquals(new RetryPolicy(100, Duration.ofDays(1), 10.0, Duration.ofDays(1), 1.0), retry);
        for (int n = 1; n < retry.maxAttempts(); n++) {
            Duration backoff = retry.backoff(n, 1.0);
            assertEquals(Duration.ofDays(2), backoff, "retry " + n);
            assertEquals(now.plus(Duration.ofDays(2)), now.plus(backoff));
        }
        assertEquals(Duration.ofDays(2), retry.backoff(Integer.MAX_VALUE, 1.0));
        assertEquals(Duration.ZERO, retry.backoff(Integer.MAX_VALUE, -1.0));
        assertEquals(now.plus(Duration.ofDays(366)), spec.trigger().nextFireAfter(now.atZone(NEW_YORK))
                .orElseThrow().toInstant());
        // The planner admits a run only while the memory in flight stays within the budget (at most 1 TiB), so
        // what it adds up is at most the budget plus one run's memory.
        assertTrue(2L * spec.memoryMb() <= Integer.MAX_VALUE, "the memory the planner adds up fits an int");
    }

    @Test
    void rejects_negative_memory() {
        assertProblem("memory-mb = -1", "tasks.x.memory-mb", "must not be negative, got -1");
    }

    @Test
    void rejects_confidence_outside_zero_to_one() {
        assertProblem("confidence = 1.2", "tasks.x.confidence", "must be between 0 and 1, got 1.2");
        assertProblem("confidence = -0.1", "tasks.x.confidence", "must be between 0 and 1, got -0.1");
    }

    @Test
    void rejects_max_concurrent_runs_below_one() {
        assertProblem("max-concurrent-runs = 0", "tasks.x.max-concurrent-runs", "must be at least 1, got 0");
    }

    @Test
    void rejects_an_unknown_trigger_type() {
        assertProblem("trigger { type = hourly }", "tasks.x.trigger.type",
                "unknown trigger type \"hourly\", expected one of cron, daily, weekly, interval, every-window, manual");
        assertProblem("trigger { type = interval, every = 5m, at = \"09:00\" }", "tasks.x.trigger.at",
                "unknown key \"at\"");
    }

    @Test
    void rejects_an_unknown_handler_type() {
        assertProblem("handler { type = shell }", "tasks.x.handler.type",
                "unknown handler type \"shell\", expected one of java, command, http, simulated");
    }

    @Test
    void rejects_an_empty_argv() {
        assertProblem("handler { type = command, argv = [] }", "tasks.x.handler.argv",
                "must name a program: argv cannot be empty");
    }

    @Test
    void rejects_a_bad_url_or_method() {
        assertProblem("handler { type = http, url = \"ftp://example.com\" }", "tasks.x.handler.url",
                "expected an absolute http or https URL, got \"ftp://example.com\"");
        assertProblem("handler { type = http, url = \"not a url\" }", "tasks.x.handler.url",
                "expected an absolute http or https URL, got \"not a url\"");
        assertProblem("handler { type = http, method = FETCH, url = \"https://example.com\" }", "tasks.x.handler.method",
                "unknown HTTP method \"FETCH\", expected one of GET, HEAD, POST, PUT, PATCH, DELETE");
    }

    @Test
    void rejects_a_branch_to_an_unknown_task() {
        assertProblem("branches = [{ on = failure, task = alerts }]", "tasks.x.branches[0].task",
                "unknown task \"alerts\"");
    }

    @Test
    void rejects_a_bad_branch_condition() {
        assertProblem("branches = [{ on = crash, task = x }]", "tasks.x.branches[0].on",
                "unknown branch condition \"crash\", expected one of success, failure, result-equals, result-contains");
    }

    @Test
    void rejects_a_result_branch_without_value_and_a_value_on_other_branches() {
        assertProblem("branches = [{ on = result-equals, task = x }]", "tasks.x.branches[0].value",
                "missing: a result-equals branch needs the value to look for");
        assertProblem("branches = [{ on = success, value = OK, task = x }]", "tasks.x.branches[0].value",
                "only result-equals and result-contains branches take a value");
    }

    @Test
    void rejects_bad_task_names() {
        List<Problem> problems = validate("tasks { Calc_PnL { " + MINIMAL + " }, \"-x\" { " + MINIMAL + " } }");

        String rule = "task names are lower-case letters, digits, '_' and '-', not starting with '-'";
        assertEquals(List.of(new Problem("tasks.-x", rule), new Problem("tasks.Calc_PnL", rule)), problems);
    }

    @Test
    void rejects_bad_task_defaults_at_their_own_path() {
        List<Problem> problems = validate("task-defaults { memory-mb = lots, colour = red }\ntasks.x { " + MINIMAL + " }");

        assertEquals(List.of(
                new Problem("task-defaults.colour", "unknown key \"colour\""),
                new Problem("task-defaults.memory-mb", "expected a whole number of megabytes, got \"lots\"")), problems);
    }

    @Test
    void lists_every_problem_of_a_file_at_once_sorted_by_path(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.conf");
        Files.writeString(file, """
                tasks {
                  calculate_pnl {
                    priority = HIGHEST
                    phases = [POST_MARKET]
                    trigger { type = daily, at = "18:61" }
                    dependencies = [reconcile]
                    memory-mb = lots
                    handler { type = shell }
                    retry { max-attempts = 0, jitter = 2 }
                  }
                  send_alerts {
                    modes = [TRADING]
                    trigger { type = manual }
                    handler { type = command, argv = [] }
                    confidence = 7
                  }
                }
                """);

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CatalogLoader.loadFile(file, NEW_YORK));

        assertEquals(List.of(
                "tasks.calculate_pnl.dependencies[0]: unknown task \"reconcile\"",
                "tasks.calculate_pnl.handler.type: unknown handler type \"shell\", expected one of java, command, http, simulated",
                "tasks.calculate_pnl.memory-mb: expected a whole number of megabytes, got \"lots\"",
                "tasks.calculate_pnl.priority: unknown priority \"HIGHEST\", expected one of CRITICAL, HIGH, MEDIUM, LOW, BACKGROUND",
                "tasks.calculate_pnl.retry.jitter: must be between 0 and 1, got 2.0",
                "tasks.calculate_pnl.retry.max-attempts: must be at least 1, got 0",
                "tasks.calculate_pnl.trigger.at: expected a local time such as \"18:30\", got \"18:61\"",
                "tasks.send_alerts.confidence: must be between 0 and 1, got 7.0",
                "tasks.send_alerts.handler.argv: must name a program: argv cannot be empty",
                "tasks.send_alerts.priority: missing required key"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void reports_a_parse_error_with_file_and_line(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.conf");
        Files.writeString(file, "tasks {\n  x {\n    trigger { type = daily, at = 18:30 }\n  }\n}\n");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CatalogLoader.loadFile(file, NEW_YORK));

        assertEquals(1, e.problems().size());
        assertEquals(file + ":3", e.problems().get(0).path());
    }

    @Test
    void reports_a_file_nested_too_deeply_to_read_as_one_problem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.conf");
        Files.writeString(file, "tasks.x.handler.settings = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CatalogLoader.loadFile(file, NEW_YORK));

        assertEquals(List.of(new Problem(file.toString(), "nested too deeply: objects or lists inside each other "
                + "more deeply than the configuration reader can follow")), e.problems());
    }

    @Test
    void reports_a_missing_file(@TempDir Path dir) {
        Path file = dir.resolve("nope.conf");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CatalogLoader.loadFile(file, NEW_YORK));

        assertEquals(List.of(new Problem(file.toString(), "no such file")), e.problems());
    }

    @Test
    void a_catalog_file_holds_only_tasks_and_task_defaults(@TempDir Path dir) throws java.io.IOException {
        Path file = dir.resolve("tasks.conf");
        java.nio.file.Files.writeString(file, "taskz {}\ntasks { a { priority = HIGH, modes = [RESEARCH], "
                + "trigger { type = manual }, handler { type = simulated } } }\n");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CatalogLoader.loadFile(file, NEW_YORK));

        assertEquals(List.of(new Problem("taskz", "unknown key \"taskz\", did you mean \"tasks\"?")), e.problems());
    }

    @Test
    void the_nodes_task_defaults_apply_under_the_catalog_files_own(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.conf");
        Files.writeString(file, "task-defaults { category = research, retry { multiplier = 3 } }\n"
                + "tasks { x { " + MINIMAL + " }, y { " + MINIMAL + ", memory-mb = 64 } }\n");
        TaskCatalog catalog = CatalogLoader.loadFile(file, NEW_YORK, Environment.of(Map.of()), node("""
                interlude.task-defaults { category = desk, memory-mb = 1024, retry { max-attempts = 5 } }
                """));

        TaskSpec x = catalog.get("x").orElseThrow();
        assertEquals("research", x.category(), "the file's task-defaults over the node's");
        assertEquals(1024, x.memoryMb(), "the node's interlude.task-defaults");
        assertEquals(new RetryPolicy(5, Duration.ofSeconds(30), 3.0, Duration.ofMinutes(10), 0.2), x.retry(),
                "the node's max-attempts, the file's multiplier, reference.conf's others");
        assertEquals(Duration.ofMinutes(10), x.estimatedDuration(), "reference.conf's");
        assertEquals(64, catalog.get("y").orElseThrow().memoryMb(), "a task's own key over every default");
        // Loaded again from its source (as a change at run time is), a task gets the same defaults.
        TaskCatalog again = CatalogLoader.load(catalog.source().orElseThrow().root(), NEW_YORK);
        assertEquals(x, again.get("x").orElseThrow());
    }

    @Test
    void the_nodes_task_defaults_are_checked_by_their_path(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.conf");
        Files.writeString(file, "tasks { x { " + MINIMAL + " } }\n");
        Config node = node("""
                interlude.task-defaults { memory-mb = 99999999999, colour = red, risk = 2,
                                          retry { max-attempts = 0 } }
                """);

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CatalogLoader.loadFile(file, NEW_YORK, Environment.of(Map.of()), node));

        List<Problem> expected = List.of(
                new Problem("interlude.task-defaults.colour", "unknown key \"colour\""),
                new Problem("interlude.task-defaults.memory-mb", "must be at most 1048576, got 99999999999"),
                new Problem("interlude.task-defaults.retry.max-attempts", "must be at least 1, got 0"),
                new Problem("interlude.task-defaults.risk", "expected one of LOW, MEDIUM, HIGH, got 2"));
        assertEquals(expected, e.problems());
        assertEquals(expected, CatalogLoader.nodeDefaultsProblems(node), "the same, without a catalog");
        assertEquals(List.of(), CatalogLoader.nodeDefaultsProblems(node("")));
    }

    /** A node's configuration over reference.conf, as a node reads it. */
    private static Config node(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    private static TaskCatalog load(String hocon) {
        return CatalogLoader.load(ConfigFactory.parseString(hocon), NEW_YORK);
    }

    private static TaskSpec loadTask(String overrides) {
        return load("tasks.x { " + MINIMAL + " }\ntasks.x { " + overrides + " }").get("x").orElseThrow();
    }

    private static List<Problem> validate(String hocon) {
        return CatalogLoader.validate(ConfigFactory.parseString(hocon), NEW_YORK);
    }

    private static void assertProblem(String overrides, String path, String message) {
        List<Problem> problems = validate("tasks.x { " + MINIMAL + " }\ntasks.x { " + overrides + " }");
        assertEquals(List.of(new Problem(path, message)), problems, () -> "for " + overrides);
    }
}
