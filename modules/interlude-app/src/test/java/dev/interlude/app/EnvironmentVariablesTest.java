package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.interlude.core.config.Environment;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.plan.MemoryBudget;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.engine.journal.JournalSettings;
import dev.interlude.engine.supervisor.SupervisorSettings;
import dev.interlude.hardware.LedSettings;
import dev.interlude.http.HttpSettings;
import dev.interlude.http.TaskApiSettings;
import dev.interlude.http.webhook.WebhookSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every environment variable the README documents, and every {@code ${?VAR}} override in a reference.conf or in
 * conf/, changes what the node actually uses, read the way {@code interlude run} and {@code validate} read it: the
 * desk's own conf/application.conf, loaded by {@link Setup} with the variable (and no other) in the environment.
 * The last tests parse the README and the conf files, so a variable documented or added without a test fails here.
 */
class EnvironmentVariablesTest {

    private static final Path HOME = Cli.HOME;

    /** What a variable is set to, and what the node then uses (read from the desk as {@code interlude run} does). */
    private record Case(String value, Function<Map<String, String>, Object> uses, Object expected) {
    }

    /**
     * Variables Interlude sets for a command handler's process, not reads: tested where the handler is
     * (CommandTaskHandlerTest, in the engine), which this class checks by name.
     */
    private static final Set<String> GIVEN_TO_HANDLERS =
            Set.of("INTERLUDE_RUN_ID", "INTERLUDE_TASK", "INTERLUDE_ATTEMPT", "INTERLUDE_PARAM_");
    /** A variable of the operator's own in a README example ({@code secret = ${?APPROVALS_WEBHOOK_SECRET}}). */
    private static final Set<String> EXAMPLES = Set.of("APPROVALS_WEBHOOK_SECRET");
    /** Read by the {@code ./interlude} launcher, not by the node: the JVM's options. */
    private static final Set<String> READ_BY_THE_LAUNCHER = Set.of("INTERLUDE_JAVA_OPTS");

    private static Map<String, Case> cases(Path dir) {
        Path tokenFile = write(dir.resolve("token"), "token-from-a-file\n");
        Path withWebhook = write(dir.resolve("webhooks.conf"), "include file(\"" + HOME.resolve("conf/application.conf")
                + "\")\ninterlude.webhooks = [ { url = \"https://hooks.example.com/desk\", events = [run.abandoned] } ]\n");
        Map<String, Case> cases = new LinkedHashMap<>();
        // the catalog and the planner, where the desk's application.conf sets the key itself
        cases.put("INTERLUDE_TASKS_FILE", new Case("conf/other-tasks.conf",
                env -> desk(env).tasksFile(null), HOME.resolve("conf/other-tasks.conf")));
        cases.put("INTERLUDE_MEMORY_SOURCE", new Case("fixed",
                env -> desk(env).planner().memory().getClass(), MemoryBudget.Fixed.class));
        // the node: supervisor, cluster address, journal (as RunCommand builds the actor system's configuration)
        cases.put("INTERLUDE_STOP_FILE", new Case(dir.resolve("STOP").toString(),
                env -> SupervisorSettings.create(desk(env).nodeConfig()).stopFile(),
                Optional.of(dir.resolve("STOP"))));
        cases.put("INTERLUDE_DRY_RUN", new Case("on",
                env -> actorSystem(env).getBoolean("interlude.dry-run"), true));
        cases.put("INTERLUDE_HOSTNAME", new Case("10.1.2.3",
                env -> actorSystem(env).getString("pekko.remote.artery.canonical.hostname"), "10.1.2.3"));
        cases.put("INTERLUDE_PORT", new Case("25999",
                env -> actorSystem(env).getInt("pekko.remote.artery.canonical.port"), 25999));
        cases.put("INTERLUDE_SEED_NODES", new Case("pekko://interlude@10.0.0.5:25520, pekko://interlude@10.0.0.6:25520",
                env -> actorSystem(env).getStringList("pekko.cluster.seed-nodes"),
                List.of("pekko://interlude@10.0.0.5:25520", "pekko://interlude@10.0.0.6:25520")));
        cases.put("INTERLUDE_JOURNAL_BACKEND", new Case("postgres",
                env -> journal(env).backend(), JournalSettings.Backend.POSTGRES));
        cases.put("INTERLUDE_JOURNAL_H2_PATH", new Case(dir.resolve("journal").toString(),
                env -> journal(env).h2().path(), dir.resolve("journal")));
        cases.put("INTERLUDE_JOURNAL_URL", new Case("jdbc:postgresql://db.example.com:5432/desk",
                env -> journal(env).postgres().url(), "jdbc:postgresql://db.example.com:5432/desk"));
        cases.put("INTERLUDE_JOURNAL_USER", new Case("desk", env -> journal(env).postgres().user(), "desk"));
        cases.put("INTERLUDE_JOURNAL_CREATE_SCHEMA", new Case("false", env -> journal(env).createSchema(), false));
        cases.put("INTERLUDE_JOURNAL_PASSWORD", new Case("s3cret-from-env",
                env -> journal(env).postgres().password(), "s3cret-from-env"));
        // the operators' side
        cases.put("INTERLUDE_HTTP_ENABLED", new Case("off", env -> http(env).enabled(), false));
        cases.put("INTERLUDE_HTTP_HOST", new Case("0.0.0.0", env -> http(env).host(), "0.0.0.0"));
        cases.put("INTERLUDE_HTTP_PORT", new Case("8181", env -> http(env).port(), 8181));
        cases.put("INTERLUDE_API_TOKEN", new Case("token-from-env",
                env -> http(env).token(), Optional.of("token-from-env")));
        cases.put("INTERLUDE_API_TOKEN_FILE", new Case(tokenFile.toString(),
                env -> http(env).token(), Optional.of("token-from-a-file")));
        cases.put("INTERLUDE_API_ALLOW_COMMAND_HANDLERS", new Case("on",
                env -> TaskApiSettings.create(actorSystem(env)).allowCommandHandlers(), true));
        cases.put("INTERLUDE_WEBHOOK_SECRET", new Case("0123456789abcdef-from-env",
                env -> problemsOr(() -> WebhookSettings.load(Setup.load(HOME, withWebhook, Environment.of(env))
                        .config()).endpoints().get(0).secret()), "0123456789abcdef-from-env"));
        cases.put("INTERLUDE_LED_DEVICE", new Case("console",
                env -> LedSettings.load(desk(env).nodeConfig()).driver(), LedSettings.Driver.CONSOLE));
        // the broker's calendar
        cases.put("APCA_API_KEY_ID", new Case("PK-FROM-ENV", env -> desk(env).calendar().broker().keyId(),
                "PK-FROM-ENV"));
        cases.put("APCA_API_SECRET_KEY", new Case("secret-from-env", env -> desk(env).calendar().broker().secret(),
                "secret-from-env"));
        // the command line itself
        cases.put("INTERLUDE_HOME", new Case(dir.toString(), EnvironmentVariablesTest::sendAlertsCwd,
                Optional.of(dir.toString())));
        cases.put("INTERLUDE_URL", new Case("http://10.9.8.7:9000", env -> client(env).base().toString(),
                "http://10.9.8.7:9000/"));
        cases.put("INTERLUDE_LOG_LEVEL", new Case("DEBUG", env -> NodeLogging.level(Environment.of(env)),
                Level.DEBUG));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> each_variable_changes_what_the_node_uses(@TempDir Path dir) {
        return cases(dir).entrySet().stream().map(e -> dynamicTest(e.getKey(), () -> {
            Case c = e.getValue();
            assertEquals(c.expected(), c.uses().apply(Map.of(e.getKey(), c.value())), "with " + e.getKey() + "="
                    + c.value());
            assertNotEquals(c.expected(), c.uses().apply(Map.of()), "without " + e.getKey()
                    + ", or the case proves nothing");
        }));
    }

    @Test
    void the_tasks_file_variable_picks_the_catalog_validate_checks(@TempDir Path dir) throws IOException {
        Path tasks = dir.resolve("one-task.conf");
        Files.writeString(tasks, "tasks.only { priority = LOW, modes = [RESEARCH], trigger { type = manual }, "
                + "handler { type = simulated } }\n");

        Cli.Result r = Cli.runWith(Map.of("INTERLUDE_TASKS_FILE", tasks.toString()), "validate");

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith(tasks + ": 1 task(s), no problems"), r.out());
    }

    @Test
    void the_home_variable_is_where_the_command_finds_conf(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/application.conf"), "interlude.tasks-file = \"desk.conf\"\n");
        Files.writeString(home.resolve("desk.conf"), "tasks.only { priority = LOW, modes = [RESEARCH], "
                + "trigger { type = manual }, handler { type = simulated } }\n");

        Cli.Result r = Cli.launch(Map.of("INTERLUDE_HOME", home.toString()), "validate");

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith(home.resolve("desk.conf") + ": 1 task(s), no problems"), r.out());
    }

    @Test
    void a_bad_value_from_the_environment_is_named_by_the_path_it_overrides() {
        Cli.Result r = Cli.runWith(Map.of("INTERLUDE_PORT", "99999999999", "INTERLUDE_MEMORY_SOURCE", "guess"),
                "validate");

        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("interlude.node.port: must be at most 65535, got 99999999999"), r.err());
        assertTrue(r.err().contains("interlude.planner.memory.source: expected \"fixed\" or \"available\", "
                + "got \"guess\""), r.err());
    }

    @Test
    void a_simulation_keeps_the_engine_quiet_unless_the_log_level_is_set() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Level configured = context.getLogger("dev.interlude").getLevel();

        assertEquals(Level.ERROR, SimulationLogging.quietly(Environment.of(Map.of()),
                () -> context.getLogger("dev.interlude").getLevel()));
        assertEquals(configured, SimulationLogging.quietly(Environment.of(Map.of("INTERLUDE_LOG_LEVEL", "DEBUG")),
                () -> context.getLogger("dev.interlude").getLevel()));
        assertEquals(configured, context.getLogger("dev.interlude").getLevel());
    }

    // ---- the list cannot drift: the README, the conf files and the cases above agree ----

    @Test
    void every_variable_the_readme_documents_has_a_case_or_is_given_to_handlers(@TempDir Path dir)
            throws IOException {
        Set<String> documented = readmeVariables();
        Set<String> covered = new TreeSet<>(cases(dir).keySet());
        covered.addAll(GIVEN_TO_HANDLERS);
        covered.addAll(EXAMPLES);
        covered.addAll(READ_BY_THE_LAUNCHER);
        String launcher = Files.readString(HOME.resolve("interlude"));
        for (String variable : READ_BY_THE_LAUNCHER) {
            assertTrue(launcher.contains("${" + variable + ":-}"), variable + " is not read by ./interlude");
        }

        Set<String> untested = new TreeSet<>(documented);
        untested.removeAll(covered);
        assertEquals(Set.of(), untested, "documented in README.md without a test here");
        Set<String> undocumented = new TreeSet<>(cases(dir).keySet());
        undocumented.removeAll(documented);
        assertEquals(Set.of(), undocumented, "tested here but not documented in README.md");
    }

    @Test
    void the_variables_given_to_command_handlers_are_tested_by_the_handler() throws IOException {
        String handlerTest = Files.readString(HOME.resolve(
                "modules/interlude-engine/src/test/java/dev/interlude/engine/handler/CommandTaskHandlerTest.java"));
        for (String variable : GIVEN_TO_HANDLERS) {
            assertTrue(handlerTest.contains(variable), variable + " is not checked by CommandTaskHandlerTest");
        }
    }

    @Test
    void every_override_in_the_configuration_files_has_a_case(@TempDir Path dir) throws IOException {
        Set<String> missing = new TreeSet<>(overrides().values());
        missing.removeAll(cases(dir).keySet());
        assertEquals(Set.of(), missing, "a ${?VAR} in a reference.conf or conf/ without a case here");
    }

    /**
     * Whatever the desk's application.conf sets, every override found in the configuration files reaches the
     * configuration the node reads: a key the file sets must repeat its {@code ${?VAR}} after it.
     */
    @Test
    void every_override_of_reference_conf_works_from_the_desks_application_conf() throws IOException {
        Map<String, String> overrides = new TreeMap<>(overrides());
        overrides.keySet().removeIf(path -> path.startsWith("tasks."));
        assertTrue(overrides.size() >= 20, overrides.toString());
        Map<String, String> env = new TreeMap<>();
        overrides.values().forEach(variable -> env.put(variable, "from-" + variable));

        Config config = desk(env).config();

        Map<String, String> notApplied = new TreeMap<>();
        overrides.forEach((path, variable) -> {
            String value = config.hasPath(path) ? config.getValue(path).unwrapped().toString() : "(unset)";
            if (!value.equals("from-" + variable)) {
                notApplied.put(path, variable + " gave " + value);
            }
        });
        assertEquals(Map.of(), notApplied);
    }

    // ---- reading the node as interlude run does ----

    private static Setup desk(Map<String, String> env) {
        return Setup.load(HOME, null, Environment.of(env));
    }

    private static Config actorSystem(Map<String, String> env) {
        Setup setup = desk(env);
        return setup.actorSystemConfig(JournalSettings.load(setup.nodeConfig()));
    }

    private static JournalSettings journal(Map<String, String> env) {
        return JournalSettings.load(desk(env).nodeConfig());
    }

    private static HttpSettings http(Map<String, String> env) {
        return HttpSettings.load(desk(env).nodeConfig());
    }

    private static Object sendAlertsCwd(Map<String, String> env) {
        HandlerSpec handler = desk(env).catalog(null).get("send_alerts").orElseThrow().handler();
        return ((HandlerSpec.Command) handler).workingDirectory();
    }

    private static NodeClient client(Map<String, String> env) {
        ClientOptions options = new ClientOptions();
        options.token = "unused";
        return options.client(new Interlude(Cli.SATURDAY_NOON, HOME, Environment.of(env)));
    }

    /** The value, or the problems that kept it from being read (a case's "without" side may be invalid). */
    private static Object problemsOr(Supplier<Object> read) {
        try {
            return read.get();
        } catch (InvalidInputException e) {
            return e.problems().toString();
        }
    }

    // ---- what the README and the conf files say ----

    private static final Pattern DOCUMENTED = Pattern.compile("\\b((?:INTERLUDE|APCA)_[A-Z0-9_]*)");
    private static final Pattern OVERRIDE = Pattern.compile("\\$\\{\\?([A-Za-z_][A-Za-z0-9_]*)}");

    private static Set<String> readmeVariables() throws IOException {
        String readme = Files.readString(HOME.resolve("README.md"));
        Set<String> names = new TreeSet<>();
        for (Pattern p : new Pattern[] {DOCUMENTED, OVERRIDE}) {
            Matcher m = p.matcher(readme);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * Every {@code path = ${?VAR}} in the modules' reference.conf files and in conf/, by path: each file resolved
     * with every variable it names set to a marker, then the paths holding a marker.
     */
    private static Map<String, String> overrides() throws IOException {
        Map<String, String> byPath = new TreeMap<>();
        try (Stream<Path> modules = Files.list(HOME.resolve("modules"))) {
            for (Path file : Stream.concat(modules.map(m -> m.resolve("src/main/resources/reference.conf")),
                    Stream.of(HOME.resolve("conf/application.conf"), HOME.resolve("conf/tasks.conf"))).toList()) {
                if (Files.isRegularFile(file)) {
                    byPath.putAll(overridesIn(file));
                }
            }
        }
        return byPath;
    }

    private static Map<String, String> overridesIn(Path file) throws IOException {
        Map<String, String> markers = new TreeMap<>();
        String withoutComments = Files.readAllLines(file).stream()
                .filter(line -> !line.strip().startsWith("#") && !line.strip().startsWith("//"))
                .collect(Collectors.joining("\n"));
        Matcher m = OVERRIDE.matcher(withoutComments);
        while (m.find()) {
            markers.put(m.group(1), "marker:" + m.group(1));
        }
        Config resolved = Environment.of(markers).resolve(ConfigFactory.parseFile(file.toFile()));
        Map<String, String> byPath = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry : resolved.entrySet()) {
            Object value = entry.getValue().unwrapped();
            if (entry.getValue().valueType() == ConfigValueType.STRING && value.toString().startsWith("marker:")) {
                byPath.put(entry.getKey(), value.toString().substring("marker:".length()));
            }
        }
        assertEquals(new TreeSet<>(markers.keySet()), new TreeSet<>(byPath.values()),
                "every variable " + file + " names overrides a key");
        return byPath;
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
