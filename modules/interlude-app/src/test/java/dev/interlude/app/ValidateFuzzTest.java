package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.interlude.core.config.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A few hundred malformed catalogs and node configurations, generated from the desk's own conf/tasks.conf and
 * conf/application.conf with a fixed seed, each run through {@code interlude validate} in-process: every one exits
 * 2 with each problem on its own line, named by its configuration path (or file and line for a file that does not
 * parse), at least one of them the path the mutation broke; never exit 0 or 1, never a stack trace. The unmutated
 * samples stay valid. The number of cases is fixed, so the time is too: about 15 s on a shared 2-core machine, the
 * figures (cases by class, time) printed once all have run.
 */
class ValidateFuzzTest {

    private static final long SEED = 20_261_121L;
    private static final Path HOME = Cli.HOME;
    private static final Map<String, String> ENV = Map.of("INTERLUDE_HOME", HOME.toString());
    /** A problem line: a configuration path (or a file, with its line) and a message. */
    private static final Pattern PROBLEM = Pattern.compile(
            "([A-Za-z0-9_\"-]+([.\\[][^:\\s]*)?|/[^:\\s]+(:\\d+)?|--tasks|--config): \\S.*");

    private static Path dir;
    private static Config catalog;
    private static Config node;
    private static final Map<String, Integer> COUNTS = new TreeMap<>();
    private static long started;

    /**
     * One generated input: its class of mutation, what it changed, which file it replaces, and the paths one of
     * which a problem must name ({@code FILE}: the file itself, as for a syntax error).
     */
    private record Case(String kind, String description, boolean isCatalog, String text, List<String> paths) {

        Case(String kind, String description, boolean isCatalog, String text, String path) {
            this(kind, description, isCatalog, text, List.of(path));
        }

        /** The same input, its problem expected at {@code path} (below the key the mutation set). */
        Case withPath(String path) {
            return new Case(kind, description, isCatalog, text, List.of(path));
        }

        /** The same input, its problem expected at {@code path} or at the file itself. */
        Case orFile() {
            return new Case(kind, description, isCatalog, text, List.of(paths.get(0), FILE));
        }
    }

    private static final String FILE = "FILE";

    @BeforeAll
    static void samples() throws IOException {
        dir = Files.createTempDirectory("interlude-fuzz");
        catalog = Environment.of(ENV).resolve(ConfigFactory.parseFile(HOME.resolve("conf/tasks.conf").toFile()));
        node = Environment.of(Map.of()).resolve(
                ConfigFactory.parseFile(HOME.resolve("conf/application.conf").toFile()));
        started = System.nanoTime();
    }

    @AfterAll
    static void figures() throws IOException {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        int total = COUNTS.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("validate fuzz: %d cases in %d ms (%s)%n", total, ms, COUNTS);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Test
    void the_samples_are_valid_as_shipped_and_as_rendered() {
        assertValid(Cli.runWith(ENV, "validate"));
        assertValid(Cli.runWith(ENV, "--config", write("node-rendered.conf", render(node)), "validate", "--tasks",
                write("catalog-rendered.conf", render(catalog))));
    }

    @TestFactory
    Stream<DynamicTest> every_malformed_configuration_exits_2_naming_each_problem() {
        List<Case> cases = new Generator(new Random(SEED)).all();
        return cases.stream().map(c -> dynamicTest(c.kind() + ": " + c.description(), () -> check(c)));
    }

    private static void check(Case c) {
        COUNTS.merge(c.kind(), 1, Integer::sum);
        String file = write(c.isCatalog() ? "tasks.conf" : "application.conf", c.text());
        Cli.Result r = c.isCatalog()
                ? Cli.runWith(ENV, "validate", "--tasks", file)
                : Cli.runWith(ENV, "--config", file, "validate");
        String report = "exit " + r.exitCode() + "\nstdout:\n" + r.out() + "\nstderr:\n" + r.err();
        assertEquals(2, r.exitCode(), report);
        assertEquals("", r.out(), report);
        List<String> lines = r.err().lines().toList();
        assertTrue(!lines.isEmpty(), report);
        for (String line : lines) {
            assertTrue(PROBLEM.matcher(line).matches(), () -> "not a problem line: " + line + "\n" + report);
            assertTrue(!line.contains("Exception") && !line.contains("internal error") && !line.startsWith("\tat "),
                    () -> "a stack trace or an internal error: " + line);
        }
        List<String> expected = c.paths().stream().map(p -> p.equals(FILE) ? file : p).toList();
        assertTrue(lines.stream().anyMatch(l -> expected.stream().anyMatch(p -> l.startsWith(p + ":")
                || l.startsWith(p + ".") || l.startsWith(p + "["))), () -> "no problem at " + expected + "\n" + report);
    }

    private static void assertValid(Cli.Result r) {
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("14 task(s), no problems"), r.out());
    }

    private static String render(Config config) {
        return config.root().render(ConfigRenderOptions.concise().setFormatted(true));
    }

    private static String write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mutations, drawn from one seeded random source: the same seed, the same cases. */
    private static final class Generator {

        private static final List<String> TASK_KEYS = List.of("description", "category", "priority", "phases",
                "modes", "trigger", "dependencies", "conflicts", "memory-mb", "estimated-duration", "timeout",
                "retry", "risk", "confidence", "requires-approval", "extendable", "opportunistic",
                "max-concurrent-runs", "deadline", "handler", "branches", "enabled");
        /** The kind of each task key, for a value of another kind. */
        private static final Map<String, String> KIND = Map.ofEntries(Map.entry("description", "string"),
                Map.entry("category", "string"), Map.entry("priority", "string"), Map.entry("phases", "list"),
                Map.entry("modes", "list"), Map.entry("trigger", "object"), Map.entry("dependencies", "list"),
                Map.entry("conflicts", "list"), Map.entry("memory-mb", "number"),
                Map.entry("estimated-duration", "duration"), Map.entry("timeout", "duration"),
                Map.entry("retry", "object"), Map.entry("risk", "string"), Map.entry("confidence", "number"),
                Map.entry("requires-approval", "bool"), Map.entry("extendable", "bool"),
                Map.entry("opportunistic", "bool"), Map.entry("max-concurrent-runs", "number"),
                Map.entry("deadline", "string"), Map.entry("handler", "object"), Map.entry("branches", "list"),
                Map.entry("enabled", "bool"));
        /** Values of every kind but the key's own. */
        private static final Map<String, List<Object>> WRONG = Map.of(
                "string", List.of(List.of(1), Map.of("a", 1)),
                "list", List.of(5, Map.of("a", 1), true),
                "object", List.of(5, "x", List.of(1), false),
                "number", List.of("lots", List.of(1), Map.of("a", 1), true),
                "bool", List.of("maybe", 5, List.of(true)),
                "duration", List.of(60, true, List.of(1), "soon", Map.of("a", "1s")));
        /** Out of range, each with the key it is under in a task. */
        private static final Map<String, List<Object>> OUT_OF_RANGE = Map.ofEntries(
                Map.entry("estimated-duration", List.of("0s", "-1m", "8d", "30d")),
                Map.entry("timeout", List.of("0s", "-5m", "8d")),
                Map.entry("memory-mb", List.of(-1, 1_048_577, -512)),
                Map.entry("max-concurrent-runs", List.of(0, -1, 100001)),
                Map.entry("confidence", List.of(-0.1, 1.5, 7)),
                Map.entry("retry.max-attempts", List.of(0, -3, 101)),
                Map.entry("retry.multiplier", List.of(0.5, 10.5, -2)),
                Map.entry("retry.initial-backoff", List.of("0s", "2d", "-1s")),
                Map.entry("retry.max-backoff", List.of("0s", "25h")),
                Map.entry("retry.jitter", List.of(-0.1, 1.1)),
                Map.entry("handler.memory-limit-mb", List.of(0, 1_048_577)));
        private static final List<String> NUMBER_KEYS = List.of("memory-mb", "max-concurrent-runs", "confidence",
                "retry.max-attempts", "retry.multiplier", "retry.jitter");
        private static final List<String> DURATION_KEYS = List.of("estimated-duration", "timeout",
                "retry.initial-backoff", "retry.max-backoff");
        private static final List<Object> HUGE_NUMBERS = List.of(99_999_999_999L, "99999999999999999999", 1e300,
                -99_999_999_999L, "-1e300", 2_147_483_648L);
        private static final List<String> HUGE_DURATIONS = List.of("99999999999d", "1e300d", "-99999999999d",
                "1e400s", "9223372036854775807ns", "106752d");
        private static final List<Object> NOT_NUMBERS = List.of("NaN", "Infinity", "-Infinity", "1e999");
        private static final List<Object> BAD_DURATIONS = List.of("soon", "5", 5, "5 parsecs", "1 fortnight", "-",
                "NaN s", "1.2.3s", "s", "0x10s", "1_000s", "5 s s");
        private static final List<String> BAD_CRON = List.of("61 * * * *", "* *", "* * * * * * * *", "a b c d e",
                "0 0 32 * *", "*/0 * * * *", "0 24 * * *", "0 0 * 13 *", "0 0 ? * MON-XYZ", "@hourly-ish",
                "0 0 0 0 0 0", "* * * * * ? ? ?");
        private static final List<String> REQUIRED = List.of("priority", "trigger", "handler", "trigger.type",
                "handler.type");

        /** Node settings with a bound, and values outside it. */
        private static final Map<String, List<Object>> NODE_OUT_OF_RANGE = Map.ofEntries(
                Map.entry("interlude.node.port", List.of(-1, 65_536)),
                Map.entry("interlude.supervisor.safety-tick", List.of("0s", "2h")),
                Map.entry("interlude.supervisor.drain-timeout", List.of("0s", "2d")),
                Map.entry("interlude.supervisor.snapshot-every", List.of(0, 100_001)),
                Map.entry("interlude.supervisor.keep-snapshots", List.of(0, 101)),
                Map.entry("interlude.supervisor.start-lead", List.of("-1ms", "6s")),
                Map.entry("interlude.node.scheduler-tick", List.of("0ms", "101ms")),
                Map.entry("interlude.status.batch-linger", List.of("-1ms", "2s")),
                Map.entry("interlude.status.buffer", List.of(0, 1_000_001)),
                Map.entry("interlude.status.memory-alert-after", List.of(0, 10_001)),
                Map.entry("interlude.handlers.command.output-tail-bytes", List.of(0, "17MiB")),
                Map.entry("interlude.handlers.command.kill-grace", List.of("0s", "11m")),
                Map.entry("interlude.handlers.command.drain-timeout", List.of("0s", "11m")),
                Map.entry("interlude.handlers.http.max-response-bytes", List.of(0, "1GiB")),
                Map.entry("interlude.handlers.http.connect-timeout", List.of("0s", "1h")),
                Map.entry("interlude.handlers.http.circuit-breaker.max-failures", List.of(0, 1001)),
                Map.entry("interlude.handlers.http.circuit-breaker.call-timeout", List.of("0s", "8d")),
                Map.entry("interlude.handlers.http.circuit-breaker.reset-timeout", List.of("0s", "2d")),
                Map.entry("interlude.journal.pool-size", List.of(0, 101)),
                Map.entry("interlude.journal.connection-timeout", List.of("100ms", "11m")),
                Map.entry("interlude.planner.age-boost-every", List.of("0s", "8d")),
                Map.entry("interlude.planner.max-age-boost", List.of(-1, 5)),
                Map.entry("interlude.planner.estimate-buffer", List.of(-0.5, 11)),
                Map.entry("interlude.planner.average-weight", List.of(0, 1.5)),
                Map.entry("interlude.planner.approval-below-confidence", List.of(-0.1, 1.1)),
                Map.entry("interlude.planner.max-concurrent-runs", List.of(0, 100001)),
                Map.entry("interlude.planner.max-runs-per-category.research", List.of(0, 100001)),
                Map.entry("interlude.planner.memory.fixed-mb", List.of(-1, 1_048_577)),
                Map.entry("interlude.planner.memory.reserve-mb", List.of(-1, 1_048_577)),
                Map.entry("interlude.calendar.broker.timeout", List.of("0s", "6m")),
                Map.entry("interlude.calendar.broker.cache-days", List.of(0, 367)),
                Map.entry("interlude.windows.research-start-after-close", List.of("-1m", "13h")),
                Map.entry("interlude.windows.research-end-before-open", List.of("-1m", "13h")),
                Map.entry("interlude.blocking-dispatcher.thread-pool-executor.fixed-pool-size", List.of(0, 257)),
                Map.entry("interlude.hardware.alert.duration", List.of("0s", "2m")),
                Map.entry("interlude.hardware.verify-every", List.of("1ms", "2h")),
                Map.entry("interlude.hardware.restart.min-backoff", List.of("0s", "2h")),
                Map.entry("interlude.hardware.channels.system.brightness", List.of(0, 65_536)),
                Map.entry("interlude.http.port", List.of(-1, 65_536)),
                Map.entry("interlude.http.max-body", List.of(0, "17MiB")),
                Map.entry("interlude.http.max-json-depth", List.of(1, 257)),
                Map.entry("interlude.http.events.heartbeat", List.of("999ms", "11m")),
                Map.entry("interlude.http.events.buffer", List.of(0, 1_000_001)),
                Map.entry("interlude.http.events.hub-timeout", List.of("0s", "2h")),
                Map.entry("interlude.http.health.supervisor-timeout", List.of("0s", "2h")),
                Map.entry("interlude.http.health.backlog-over", List.of(-1, 1_000_001)),
                Map.entry("interlude.http.health.error-rate-over", List.of(-0.1, 1.1)),
                Map.entry("interlude.http.health.error-rate-window", List.of("0s", "8d")),
                Map.entry("interlude.http.health.no-completion-for", List.of("0s", "8d")),
                Map.entry("interlude.http.health.check-every", List.of("999ms", "2h")),
                Map.entry("interlude.http.history.max-attempts", List.of(0, 10_000_001)),
                Map.entry("interlude.webhook-defaults.timeout", List.of("0s", "2h")),
                Map.entry("interlude.webhook-defaults.max-attempts", List.of(0, 101)),
                Map.entry("interlude.webhook-defaults.initial-backoff", List.of("0s", "2d")),
                Map.entry("interlude.webhook-defaults.max-backoff", List.of("0s", "2d")),
                Map.entry("interlude.webhook-defaults.max-queue", List.of(0, 100_001)));
        /** Node settings of each kind, for a value of another kind (http ones included). */
        private static final Map<String, String> NODE_KIND = Map.ofEntries(
                Map.entry("interlude.node.hostname", "string"), Map.entry("interlude.node.seed-nodes", "list"),
                Map.entry("interlude.calendar.id", "string"), Map.entry("interlude.calendar.overrides", "list"),
                Map.entry("interlude.tasks-file", "string"), Map.entry("interlude.dry-run", "bool"),
                Map.entry("interlude.journal.backend", "string"), Map.entry("interlude.journal.h2.path", "string"),
                Map.entry("interlude.supervisor.stop-file", "string"), Map.entry("interlude.http.port", "number"),
                Map.entry("interlude.http.enabled", "bool"), Map.entry("interlude.http.events.heartbeat", "duration"),
                Map.entry("interlude.hardware.device", "string"), Map.entry("interlude.planner.memory", "object"),
                Map.entry("interlude.planner.max-concurrent-runs", "number"),
                Map.entry("interlude.supervisor.safety-tick", "duration"),
                Map.entry("interlude.handlers.command.kill-grace", "duration"),
                Map.entry("interlude.status.buffer", "number"), Map.entry("interlude.webhooks", "list"));
        private static final List<String> NODE_REQUIRED = List.of("interlude.node.port", "interlude.node.hostname",
                "interlude.supervisor.safety-tick", "interlude.journal.backend", "interlude.planner.max-concurrent-runs",
                "interlude.calendar.id", "interlude.status.buffer", "interlude.handlers.command.kill-grace",
                "interlude.dry-run", "interlude.tasks-file", "interlude.planner.memory.source",
                "interlude.windows.research-end-before-open", "interlude.http.port", "interlude.hardware.device");
        private static final List<String> NODE_SECTIONS = List.of("interlude", "interlude.planner",
                "interlude.planner.memory", "interlude.supervisor", "interlude.node", "interlude.journal",
                "interlude.status", "interlude.handlers", "interlude.handlers.command", "interlude.calendar",
                "interlude.windows", "interlude.hardware", "interlude.journal.h2");

        private final Random random;
        private final List<String> tasks;
        private final List<Case> cases = new ArrayList<>();

        Generator(Random random) {
            this.random = random;
            this.tasks = List.copyOf(catalog.getObject("tasks").keySet().stream().sorted().toList());
        }

        List<Case> all() {
            repeat(30, this::wrongType);
            repeat(30, this::outOfRange);
            repeat(16, this::notANumber);
            repeat(25, this::unknownKey);
            repeat(20, this::missingKey);
            repeat(20, this::brokenReference);
            repeat(12, this::cycle);
            repeat(12, this::badCron);
            repeat(24, this::badDuration);
            repeat(24, this::hugeNumber);
            repeat(16, this::truncatedCatalog);
            repeat(10, this::deepCatalog);
            repeat(30, this::nodeWrongType);
            repeat(40, this::nodeOutOfRange);
            repeat(20, this::nodeHuge);
            repeat(14, this::nodeMissingKey);
            repeat(20, this::nodeUnknownKey);
            repeat(10, this::truncatedNode);
            repeat(8, this::deepNode);
            return cases;
        }

        private void repeat(int n, Supplier<Case> generate) {
            for (int i = 0; i < n; i++) {
                cases.add(generate.get());
            }
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }

        private String task() {
            return pick(tasks);
        }

        private Case catalogCase(String kind, Config mutated, String path, String what) {
            return new Case(kind, path + " " + what, true, render(mutated), path);
        }

        private Case set(String kind, String path, Object value) {
            return catalogCase(kind, catalog.withValue(path, ConfigValueFactory.fromAnyRef(value)), path,
                    "= " + value);
        }

        /** A task key, or the same key in task-defaults one time in five. */
        private String where(String key) {
            return random.nextInt(5) == 0 && !key.startsWith("handler") ? "task-defaults." + key
                    : "tasks." + task() + "." + key;
        }

        private Case wrongType() {
            String key = pick(TASK_KEYS);
            return set("wrong type", "tasks." + task() + "." + key, pick(WRONG.get(KIND.get(key))));
        }

        private Case outOfRange() {
            String key = pick(List.copyOf(OUT_OF_RANGE.keySet().stream().sorted().toList()));
            if (key.startsWith("handler.")) {
                String path = "tasks.send_alerts." + key;
                return set("out of range", path, pick(OUT_OF_RANGE.get(key)));
            }
            return set("out of range", where(key), pick(OUT_OF_RANGE.get(key)));
        }

        private Case notANumber() {
            return set("NaN and infinity", where(pick(NUMBER_KEYS)), pick(NOT_NUMBERS));
        }

        private Case hugeNumber() {
            return random.nextBoolean() ? set("huge number", where(pick(NUMBER_KEYS)), pick(HUGE_NUMBERS))
                    : set("huge number", where(pick(DURATION_KEYS)), pick(HUGE_DURATIONS));
        }

        private Case badDuration() {
            return set("bad duration", where(pick(DURATION_KEYS)), pick(BAD_DURATIONS));
        }

        private Case unknownKey() {
            String task = task();
            String base = pick(List.of("tasks." + task, "tasks." + task + ".trigger", "tasks." + task + ".handler",
                    "task-defaults", "task-defaults.retry", "tasks." + task + ".retry", ""));
            Set<String> known = base.isEmpty() ? Set.of("tasks", "task-defaults")
                    : catalog.hasPath(base) ? catalog.getObject(base).keySet() : Set.of();
            String typo = typo(known.isEmpty() ? pick(TASK_KEYS) : pick(List.copyOf(known.stream().sorted().toList())));
            while (known.contains(typo) || TASK_KEYS.contains(typo)) {
                typo = typo + "x";
            }
            String path = base.isEmpty() ? typo : base + "." + typo;
            return set("unknown key", path, random.nextBoolean() ? 1 : "value");
        }

        /** A misspelling: a letter dropped, doubled or swapped with the next. */
        private String typo(String key) {
            int i = random.nextInt(Math.max(1, key.length() - 1));
            return switch (random.nextInt(3)) {
                case 0 -> key.substring(0, i) + key.substring(i + 1);
                case 1 -> key.substring(0, i) + key.charAt(i) + key.substring(i);
                default -> key.length() < 2 ? key + "z"
                        : key.substring(0, i) + key.charAt(i + 1) + key.charAt(i) + key.substring(i + 2);
            };
        }

        private Case missingKey() {
            int which = random.nextInt(REQUIRED.size() + 2);
            if (which == REQUIRED.size()) {
                return catalogCase("missing key", catalog.withoutPath("tasks"), "tasks", "removed");
            }
            String task = task();
            if (which == REQUIRED.size() + 1) {
                Config without = catalog.withoutPath("tasks." + task + ".phases")
                        .withoutPath("tasks." + task + ".modes");
                return catalogCase("missing key", without, "tasks." + task, "phases and modes removed");
            }
            String path = "tasks." + task + "." + REQUIRED.get(which);
            return catalogCase("missing key", catalog.withoutPath(path), path, "removed");
        }

        private Case brokenReference() {
            String task = task();
            String kind = pick(List.of("dependencies", "conflicts", "branches"));
            String missing = pick(List.of("reconcile", "nightly", "refresh_eod", "send_alert", "zzz"));
            if (kind.equals("branches")) {
                List<Object> branches = List.of(Map.of("on", "failure", "task", missing));
                return set("broken reference", "tasks." + task + ".branches", branches)
                        .withPath("tasks." + task + ".branches[0].task");
            }
            List<Object> names = new ArrayList<>(catalog.hasPath("tasks." + task + "." + kind)
                    ? catalog.getStringList("tasks." + task + "." + kind) : List.of());
            names.add(missing);
            return set("broken reference", "tasks." + task + "." + kind, names)
                    .withPath("tasks." + task + "." + kind + "[" + (names.size() - 1) + "]");
        }

        private Case cycle() {
            List<String> chain = new ArrayList<>(tasks);
            Collections.shuffle(chain, random);
            chain = chain.subList(0, 1 + random.nextInt(4));
            Config mutated = catalog;
            for (int i = 0; i < chain.size(); i++) {
                String from = "tasks." + chain.get(i) + ".dependencies";
                List<String> deps = new ArrayList<>(mutated.hasPath(from) ? mutated.getStringList(from) : List.of());
                deps.add(chain.get((i + 1) % chain.size()));
                mutated = mutated.withValue(from, ConfigValueFactory.fromIterable(deps));
            }
            Case c = catalogCase("dependency cycle", mutated, "tasks." + chain.get(0) + ".dependencies",
                    String.join(" -> ", chain));
            return chain.size() == 1 ? c : c.withPath("tasks");
        }

        private Case badCron() {
            String path = "tasks." + task() + ".trigger";
            return set("bad cron", path, Map.of("type", "cron", "expression", pick(BAD_CRON)))
                    .withPath(path + ".expression");
        }

        private Case truncatedCatalog() {
            String text = read(HOME.resolve("conf/tasks.conf"));
            int from = text.indexOf("\ntasks {") + 8;
            int cut = from + random.nextInt(text.lastIndexOf('}') - from);
            return new Case("truncated HOCON", "conf/tasks.conf cut at " + cut, true, text.substring(0, cut), FILE);
        }

        private Case deepCatalog() {
            String task = task();
            int depth = random.nextBoolean() ? 20 + random.nextInt(200) : 5_000 + random.nextInt(50_000);
            String nested = "{ a = ".repeat(depth) + "1" + " }".repeat(depth);
            String key = pick(List.of("handler.settings.deep", "deep", "retry"));
            String text = read(HOME.resolve("conf/tasks.conf")) + "\ntasks." + task + "." + key + " = " + nested + "\n";
            String path = "tasks." + task + "." + key;
            if (key.equals("handler.settings.deep") && !catalog.hasPath("tasks." + task + ".handler.settings")) {
                path = "tasks." + task + ".handler";
            }
            Case c = new Case("deep nesting", path + " nested " + depth + " deep", true, text, path);
            return depth >= 5_000 ? c.orFile() : c;
        }

        // ---- the node's configuration ----

        private Case nodeSet(String kind, String path, Object value) {
            Config mutated = node.withValue(path, value == null ? ConfigValueFactory.fromAnyRef(null)
                    : ConfigValueFactory.fromAnyRef(value));
            return new Case(kind, path + " = " + value, false, render(mutated), path);
        }

        private Case nodeWrongType() {
            String path = pick(List.copyOf(NODE_KIND.keySet().stream().sorted().toList()));
            return nodeSet("node: wrong type", path, pick(WRONG.get(NODE_KIND.get(path))));
        }

        private Case nodeOutOfRange() {
            String path = pick(List.copyOf(NODE_OUT_OF_RANGE.keySet().stream().sorted().toList()));
            return nodeSet("node: out of range", path, pick(NODE_OUT_OF_RANGE.get(path)));
        }

        private Case nodeHuge() {
            String path = pick(List.copyOf(NODE_OUT_OF_RANGE.keySet().stream().sorted().toList()));
            Object bound = NODE_OUT_OF_RANGE.get(path).get(1);
            boolean duration = bound instanceof String s && !s.endsWith("iB");
            return nodeSet("node: huge number", path, duration ? pick(HUGE_DURATIONS) : pick(HUGE_NUMBERS));
        }

        private Case nodeMissingKey() {
            return nodeSet("node: missing key", pick(NODE_REQUIRED), null);
        }

        private Case nodeUnknownKey() {
            String section = pick(NODE_SECTIONS);
            Config merged = node.withFallback(ConfigFactory.defaultReference());
            Set<String> known = merged.getObject(section).keySet();
            String typo = typo(pick(List.copyOf(known.stream().sorted().toList())));
            while (known.contains(typo)) {
                typo = typo + "x";
            }
            return nodeSet("node: unknown key", section + "." + typo, random.nextBoolean() ? 8 : "on");
        }

        private Case truncatedNode() {
            String text = read(HOME.resolve("conf/application.conf"));
            int from = text.indexOf("interlude {") + 11;
            int cut = from + random.nextInt(text.lastIndexOf('}') - from);
            return new Case("node: truncated HOCON", "conf/application.conf cut at " + cut, false,
                    text.substring(0, cut), FILE);
        }

        private Case deepNode() {
            int depth = random.nextBoolean() ? 20 + random.nextInt(200) : 5_000 + random.nextInt(50_000);
            String path = pick(List.of("interlude.planner.max-runs-per-category.research", "interlude.node.seed-nodes",
                    "interlude.calendar.overrides"));
            String nested = "[ ".repeat(depth) + "1" + " ]".repeat(depth);
            String text = read(HOME.resolve("conf/application.conf")) + "\n" + path + " = " + nested + "\n";
            Case c = new Case("node: deep nesting", path + " nested " + depth + " deep", false, text, path);
            return depth >= 5_000 ? c.orFile() : c;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
