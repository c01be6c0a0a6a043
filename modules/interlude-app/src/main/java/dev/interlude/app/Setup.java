package dev.interlude.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.interlude.core.calendar.CalendarConfig;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration one command runs with: the node configuration file (or the defaults), and what it says about
 * the calendar, the windows, the planner and where the task catalog is. Every part is checked when it is first
 * needed, and every problem is reported by its path.
 */
final class Setup {

    private final Path home;
    private final Config config;
    private CalendarConfig calendar;
    private PlannerConfig planner;

    private Setup(Path home, Config config) {
        this.home = home;
        this.config = config;
    }

    /**
     * Reads {@code configFile} (or, when null, {@code home/conf/application.conf} if there is one) over the
     * defaults of every module's {@code reference.conf}, resolving {@code ${?VAR}} overrides from the environment.
     */
    static Setup load(Path home, Path configFile) {
        Path file = configFile;
        if (file == null) {
            Path standard = home.resolve("conf/application.conf");
            file = Files.isRegularFile(standard) ? standard : null;
        } else if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("--config", "no such file: " + file);
        }
        try {
            Config parsed = file == null ? ConfigFactory.empty()
                    : ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            return new Setup(home, parsed.withFallback(ConfigFactory.defaultReference()).resolve());
        } catch (ConfigException e) {
            throw new InvalidInputException(List.of(problem(file, e)));
        }
    }

    static Problem problem(Path file, ConfigException e) {
        String where = e.origin() != null && e.origin().lineNumber() > 0
                ? file + ":" + e.origin().lineNumber() : String.valueOf(file);
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        if (e.origin() != null && colon > 0 && message.startsWith(e.origin().description())) {
            message = message.substring(colon + 2);
        }
        return new Problem(where, message);
    }

    Config config() {
        return config;
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
        return home.resolve(config.getString("interlude.tasks-file"));
    }

    TaskCatalog catalog(Path option) {
        Path file = tasksFile(option);
        List<Problem> problems = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(option != null ? "--tasks" : "interlude.tasks-file",
                    "no such file: " + file));
            throw new InvalidInputException(problems);
        }
        return CatalogLoader.loadFile(file, calendar().calendar().zone());
    }
}
