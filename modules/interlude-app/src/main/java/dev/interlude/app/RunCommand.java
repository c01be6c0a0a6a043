package dev.interlude.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.engine.Node;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.journal.Journal;
import dev.interlude.engine.journal.JournalSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code interlude run}: a node on this machine, on the embedded journal by default. It checks everything first
 * (configuration, catalog, Java handlers, journal settings) and refuses to start with the list of problems; then
 * it runs until SIGTERM or Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a node: follow the exchange's clock, start what the planner decides, journal every "
                + "outcome. Stops on SIGTERM or Ctrl-C.")
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @ParentCommand
    private Interlude parent;

    @Option(names = "--tasks", paramLabel = "FILE", description = "Task catalog (default: interlude.tasks-file).")
    private Path tasks;

    @Override
    public Integer call() {
        Setup setup = parent.setup();
        List<Problem> problems = new ArrayList<>();
        TaskCatalog catalog = Setup.collect(() -> setup.checkAll(tasks), problems);
        HandlerRegistry registry = HandlerRegistry.fromServiceLoader();
        if (catalog != null) {
            problems.addAll(registry.validate(catalog));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Config config = underHome(underHome(setup.config(), "interlude.journal.h2.path", parent.home),
                "interlude.supervisor.stop-file", parent.home);
        JournalSettings journal = JournalSettings.load(config);
        NodeLogging.configure();
        TradingWindows windows = setup.windows();
        Config nodeConfig = Journal.config(journal).withFallback(Node.systemConfig(config)).withFallback(config);
        log.info("starting a node: calendar {}, {} task(s) from {}, journal {}", setup.calendar().calendar().id(),
                catalog.size(), setup.tasksFile(tasks), journal);
        ActorSystem<Node.Command> system = ActorSystem.create(Node.create(new Node.Setup(catalog, windows,
                setup.planner(), parent.clock, registry, Journal::createSchema)), "interlude", nodeConfig);
        system.getWhenTerminated().toCompletableFuture().join();
        return Interlude.OK;
    }

    /** A node's relative paths (journal, stop file) are under the Interlude home (where ./interlude is). */
    private static Config underHome(Config config, String key, Path home) {
        if (!config.hasPath(key) || config.getString(key).isBlank()) {
            return config;
        }
        Path path = Path.of(config.getString(key));
        return path.isAbsolute() ? config
                : config.withValue(key, ConfigValueFactory.fromAnyRef(home.resolve(path).toString()));
    }
}
