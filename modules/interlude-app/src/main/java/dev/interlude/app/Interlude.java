package dev.interlude.app;

import dev.interlude.core.config.Environment;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.engine.CommonPool;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code interlude} command. Exit codes: 0 on success, 2 on bad input or a request the node refused (one line
 * per problem, each naming the option, file path or configuration path it is about), 3 when no node answers an
 * operator command, 1 on an internal error. Never a stack trace.
 */
@Command(name = "interlude",
        mixinStandardHelpOptions = true,
        versionProvider = Interlude.Version.class,
        description = "A time-window-aware task orchestrator: what the market's calendar says, how long the research "
                + "window is, and what runs in it.",
        subcommands = {
                RunCommand.class,
                CalendarCommand.class,
                BudgetCommand.class,
                ValidateCommand.class,
                PlanCommand.class,
                NodeCommands.Status.class,
                NodeCommands.Queue.class,
                NodeCommands.Runs.class,
                NodeCommands.HealthCommand.class,
                NodeCommands.MetricsCommand.class,
                NodeCommands.Approve.class,
                NodeCommands.Deny.class,
                NodeCommands.Trigger.class,
                ControlCommands.Stop.class,
                ControlCommands.Resume.class,
                SimulateCommand.class,
                LedsCommand.class,
                DbCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Interlude implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Interlude.class);

    static final int OK = 0;
    static final int INTERNAL_ERROR = 1;
    static final int BAD_INPUT = 2;
    /** An operator command found no node answering at its address. */
    static final int NODE_NOT_RUNNING = 3;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Node configuration (HOCON). Default: $INTERLUDE_HOME/conf/application.conf if present.")
    Path config;

    final Clock clock;
    final Path home;
    final Environment environment;

    Interlude(Clock clock, Path home, Environment environment) {
        this.clock = clock;
        this.home = home;
        this.environment = environment;
    }

    public static void main(String[] args) {
        CommonPool.shareThreads(); // first: before anything makes the JDK's common pool
        System.exit(launch(Environment.system(), Clock.systemUTC(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), args));
    }

    /**
     * Runs one command line as {@code main} does, in the Interlude home {@code INTERLUDE_HOME} names (the launcher
     * exports its own directory), or the working directory.
     */
    static int launch(Environment environment, Clock clock, PrintWriter out, PrintWriter err, String... args) {
        String homeEnv = environment.get("INTERLUDE_HOME").orElse("");
        Path home = Path.of(homeEnv.isBlank() ? "." : homeEnv).toAbsolutePath().normalize();
        return run(clock, home, environment, out, err, args);
    }

    /** Runs one command line with the process's environment; returns the exit code. */
    static int run(Clock clock, Path home, PrintWriter out, PrintWriter err, String... args) {
        return run(clock, home, Environment.system(), out, err, args);
    }

    /** Runs one command line with the given clock, home directory, environment and streams; the exit code. */
    static int run(Clock clock, Path home, Environment environment, PrintWriter out, PrintWriter err,
                   String... args) {
        CommandLine cli = new CommandLine(new Interlude(clock, home, environment));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("interlude: " + e.getMessage());
            err.println("Run 'interlude " + commandPath(e.getCommandLine()) + " --help' for usage.");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, err));
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int report(Exception e, PrintWriter err) {
        if (e instanceof NodeClient.Unreachable unreachable) {
            err.println("interlude: " + unreachable.getMessage());
            return NODE_NOT_RUNNING;
        }
        if (e instanceof NodeClient.Refused refused) {
            err.println("interlude: the node refused: " + refused.getMessage());
            return refused.status() >= 500 ? INTERNAL_ERROR : BAD_INPUT;
        }
        if (e instanceof InvalidInputException invalid) {
            for (Problem p : invalid.problems()) {
                err.println(p);
            }
            return BAD_INPUT;
        }
        log.debug("internal error", e);
        err.println("interlude: internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        return INTERNAL_ERROR;
    }

    private static String commandPath(CommandLine commandLine) {
        String name = commandLine.getCommandName();
        return "interlude".equals(name) ? "" : name;
    }

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configuration this invocation uses. */
    Setup setup() {
        return Setup.load(home, config, environment);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Interlude.class.getPackage().getImplementationVersion();
            return new String[] {"interlude " + (v == null ? "development build" : v)};
        }
    }
}
