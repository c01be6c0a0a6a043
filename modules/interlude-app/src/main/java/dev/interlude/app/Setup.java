package dev.interlude.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.interlude.core.calendar.CalendarConfig;
import dev.interlude.core.config.ConfigFiles;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.Environment;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.engine.Node;
import dev.interlude.engine.NodeConfigCheck;
import dev.interlude.engine.journal.Journal;
import dev.interlude.hardware.LedSettings;
import dev.interlude.http.HttpSettings;
import dev.interlude.http.webhook.WebhookSettings;
import dev.interlude.engine.journal.JournalSettings;
import dev.interlude.core.window.TradingWindows;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The configuration one command runs with: the node configuration file (or the defaults), and what it says about
 * the calendar, the windows, the planner and where the task catalog is. Every part is checked when it is first
 * needed, and every problem is reported by its path.
 */
final class Setup {

    private final Path home;
    private final Config config;
    private final Environment environment;
    private CalendarConfig calendar;
    private PlannerConfig planner;

    private Setup(Path home, Config config, Environment environment) {
        this.home = home;
        this.config = config;
        this.environment = environment;
    }

    /**
     * Reads {@code configFile} (or, when null, {@code home/conf/application.conf} if there is one) over the
     * defaults of every module's {@code reference.conf} (and the JVM's system properties), resolving
     * {@code ${?VAR}} overrides from {@code environment}: in reference.conf, and in the file itself, which must
     * repeat {@code key = ${?VAR}} after each overridable key it sets.
     */
    static Setup load(Path home, Path configFile, Environment environment) {
        Config defaults = ConfigFactory.systemProperties().withFallback(ConfigFactory.defaultReferenceUnresolved());
        Function<Config, Config> withDefaults = c -> environment.resolve(c.withFallback(defaults));
        if (configFile != null) {
            return new Setup(home, ConfigFiles.read(configFile, "--config", withDefaults), environment);
        }
        Path standard = home.resolve("conf/application.conf");
        if (Files.isRegularFile(standard)) {
            return new Setup(home, ConfigFiles.read(standard, standard.toString(), withDefaults), environment);
        }
        try {
            return new Setup(home, withDefaults.apply(ConfigFactory.empty()), environment);
        } catch (ConfigException e) {
            throw new InvalidInputException("reference.conf", e.getMessage());
        }
    }

    /** The configuration as read, every override applied. */
    Config config() {
        return config;
    }

    /** The environment variables this command reads ({@code ${?VAR}} overrides, INTERLUDE_URL, the log level). */
    Environment environment() {
        return environment;
    }

    /**
     * The configuration a node runs with: {@link #config()} with its relative paths (the journal's H2 file, the
     * stop file, the command records) under the Interlude home, where {@code ./interlude} is.
     */
    Config nodeConfig() {
        return underHome(underHome(underHome(config, "interlude.journal.h2.path"), "interlude.supervisor.stop-file"),
                "interlude.handlers.command.process-dir");
    }

    /** The actor system's configuration for a node journaling to {@code journal}: the Pekko settings over it. */
    Config actorSystemConfig(JournalSettings journal) {
        Config node = nodeConfig();
        return Journal.config(journal).withFallback(Node.systemConfig(node)).withFallback(node);
    }

    private Config underHome(Config c, String key) {
        if (!c.hasPath(key) || c.getString(key).isBlank()) {
            return c;
        }
        Path path = Path.of(c.getString(key));
        return path.isAbsolute() ? c : c.withValue(key, ConfigValueFactory.fromAnyRef(home.resolve(path).toString()));
    }

    CalendarConfig calendar() {
        if (calendar == null) {
            calendar = CalendarConfig.load(config);
        }
        return calendar;
    }

    TradingWindows windows() {
        return new TradingWindows(calendar().calendar(), calendar().windows());
    }

    PlannerConfig planner() {
        if (planner == null) {
            planner = PlannerConfig.load(config);
        }
        return planner;
    }

    /** The catalog file: {@code --tasks} if given, else {@code interlude.tasks-file} (relative to the home). */
    Path tasksFile(Path option) {
        if (option != null) {
            return option;
        }
        List<Problem> problems = new ArrayList<>();
        Optional<String> file = new ConfigSection(config.root(), "", problems).requiredSection("interlude")
                .flatMap(i -> i.require("tasks-file") ? i.nonBlankString("tasks-file") : Optional.empty());
        if (file.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        try {
            return home.resolve(file.get());
        } catch (InvalidPathException e) {
            throw new InvalidInputException("interlude.tasks-file", "not a file path: " + e.getReason());
        }
    }

    /**
     * Checks every part (calendar and windows, planner, task catalog and the node's task defaults, journal, the
     * node's own settings) and reports
     * the problems of all of them at once; answers the catalog when there are none.
     */
    TaskCatalog checkAll(Path tasksOption) {
        List<Problem> problems = new ArrayList<>();
        CalendarConfig calendarConfig = collect(this::calendar, problems);
        collect(this::planner, problems);
        // The zone only says where clock triggers fire; it does not change which problems a catalog has.
        ZoneId zone = calendarConfig != null ? calendarConfig.calendar().zone() : ZoneOffset.UTC;
        TaskCatalog catalog = collect(() -> catalog(tasksOption, zone), problems);
        problems.addAll(CatalogLoader.nodeDefaultsProblems(config)); // also when the catalog file cannot be read
        collect(() -> JournalSettings.load(config), problems);
        problems.addAll(NodeConfigCheck.problems(config));
        problems.addAll(unknownBlocks(config));
        problems.addAll(HttpSettings.problems(config));
        problems.addAll(WebhookSettings.problems(config));
        problems.addAll(LedSettings.problems(config));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.stream().distinct().toList());
        }
        return catalog;
    }

    /**
     * Keys right under {@code interlude} that no module's reference.conf declares: a misspelt block
     * ({@code interlude.plannr { ... }}) would otherwise be ignored whole.
     */
    private static List<Problem> unknownBlocks(Config config) {
        List<Problem> problems = new ArrayList<>();
        Set<String> known = ConfigFactory.defaultReference().getObject("interlude").keySet();
        new ConfigSection(config.root(), "", problems).section("interlude").ifPresent(i -> i.allowOnly(known));
        return problems;
    }

    /** Runs one part of a check, adding its problems to {@code problems}; null when it had any. */
    static <T> T collect(Supplier<T> part, List<Problem> problems) {
        try {
            return part.get();
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    TaskCatalog catalog(Path option) {
        return catalog(option, calendar().calendar().zone());
    }

    private TaskCatalog catalog(Path option, ZoneId zone) {
        Path file = tasksFile(option);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(option != null ? "--tasks" : "interlude.tasks-file",
                    (Files.exists(file) ? "not a regular file: " : "no such file: ") + file);
        }
        return CatalogLoader.loadFile(file, zone, environment, config);
    }
}
