package dev.interlude.app;

import dev.interlude.core.Durations;
import dev.interlude.core.calendar.CalendarConfig;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.http.TimeInput;
import dev.interlude.testkit.RunOutcome;
import dev.interlude.testkit.SimulatedRun;
import dev.interlude.testkit.Simulation;
import dev.interlude.testkit.SimulationJson;
import dev.interlude.testkit.SimulationResult;
import dev.interlude.testkit.TimelineHtml;
import dev.interlude.testkit.WindowReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code interlude simulate}: the node's catalog, calendar and planner run on virtual time over a range, with every
 * handler simulated; what ran, and how busy each research window was.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run the catalog over a range on virtual time (the real supervisor and runners, every handler "
                + "simulated for its estimated duration) and show each research window: budget, busy hours, "
                + "utilization, runs, and why tasks waited.")
final class SimulateCommand implements Callable<Integer> {

    /** The longest range one simulation may cover. */
    static final Duration MAX_RANGE = Duration.ofDays(366);

    /** The builder's parameter names in its messages, and the options they come from. */
    private static final Map<String, String> OPTIONS = Map.of("from", "--from", "to", "--to",
            "failureRate", "--failure-rate", "seed", "--seed");

    @ParentCommand
    private Interlude parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "INSTANT",
            description = "Where the simulation starts: an ISO-8601 instant with offset (2026-01-16T15:00-05:00), a "
                    + "local date-time in the exchange's zone (2026-01-16T15:00), or \"now\".")
    private String from;

    @Option(names = "--to", required = true, paramLabel = "INSTANT",
            description = "Where it ends (exclusive), after --from and at most 366 days later; same forms as --from.")
    private String to;

    @Option(names = "--tasks", paramLabel = "FILE", description = "Task catalog (default: interlude.tasks-file).")
    private Path tasks;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seeds every simulated failure: the same seed gives the same runs "
                    + "(default: ${DEFAULT-VALUE}).")
    private String seed;

    @Option(names = "--failure-rate", defaultValue = "0", paramLabel = "P",
            description = "The chance, 0 to 1, that an attempt fails, for tasks without a simulated handler of their "
                    + "own (default: ${DEFAULT-VALUE}).")
    private String failureRate;

    @Option(names = "--json", description = "Print the windows and every run attempt as JSON.")
    private boolean json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write a timeline of the runs, sessions and research windows to FILE: one "
                    + "self-contained HTML page.")
    private Path html;

    @Override
    public Integer call() {
        Setup setup = parent.setup();
        CalendarConfig calendar = setup.calendar();
        ZoneId zone = calendar.calendar().zone();
        Instant start = TimeInput.instant("--from", from, parent.clock, zone);
        Instant end = TimeInput.instant("--to", to, parent.clock, zone);
        checkRange(start, end, zone);
        long seedValue = seed();
        double rate = failureRate();
        checkWritable(html);
        TaskCatalog catalog = setup.catalog(tasks);
        SimulationResult result = SimulationLogging.quietly(setup.environment(), () -> simulate(Simulation.of(catalog)
                .calendar(calendar.calendar()).windows(calendar.windows()).planner(setup.planner()).seed(seedValue)
                .failureRate(rate).from(start), end));
        Path catalogFile = shown(setup.tasksFile(tasks));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(SimulationJson.write(result));
        } else {
            print(result, catalogFile, out);
        }
        if (html != null) {
            writeHtml(result, catalogFile);
            if (!json) {
                out.println("timeline: " + html);
            }
        }
        return Interlude.OK;
    }

    /** The catalog file as the user knows it: relative to the home when it is in it. */
    private Path shown(Path file) {
        return file.isAbsolute() && file.startsWith(parent.home) ? parent.home.relativize(file) : file;
    }

    private static void checkRange(Instant start, Instant end, ZoneId zone) {
        if (!end.isAfter(start)) {
            throw new InvalidInputException("--to", "must be after --from (" + Times.local(start, zone) + "), got "
                    + Times.local(end, zone));
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new InvalidInputException("--to", "the range may span at most " + MAX_RANGE.toDays()
                    + " days, got " + Durations.human(Duration.between(start, end)));
        }
    }

    private long seed() {
        try {
            return Long.parseLong(seed.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--seed", "expected a whole number, got \"" + seed + "\"");
        }
    }

    private double failureRate() {
        double rate;
        try {
            rate = Double.parseDouble(failureRate.trim());
        } catch (NumberFormatException e) {
            rate = Double.NaN;
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new InvalidInputException("--failure-rate", "expected a number from 0 to 1, got \""
                    + failureRate + "\"");
        }
        return rate;
    }

    /** Refuses an --html path that cannot be written before the simulation runs, rather than after. */
    private static void checkWritable(Path file) {
        if (file == null) {
            return;
        }
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new InvalidInputException("--html", "is a directory: " + file);
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new InvalidInputException("--html", "no such directory: " + directory);
        }
        boolean writable = Files.exists(absolute) ? Files.isWritable(absolute) : Files.isWritable(directory);
        if (!writable) {
            throw new InvalidInputException("--html", "cannot write " + file + ": permission denied");
        }
    }

    /** Runs the simulation; a parameter it refuses is bad input, named by the option it came from. */
    private static SimulationResult simulate(Simulation simulation, Instant end) {
        try {
            return simulation.runUntil(end);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(": ");
            String parameter = colon > 0 ? message.substring(0, colon) : "";
            if (OPTIONS.containsKey(parameter)) {
                throw new InvalidInputException(OPTIONS.get(parameter), message.substring(colon + 2));
            }
            throw new InvalidInputException("simulate", message);
        }
    }

    private void writeHtml(SimulationResult result, Path catalogFile) {
        try {
            TimelineHtml.write(result, "Simulation of " + catalogFile, html);
        } catch (IOException e) {
            throw new InvalidInputException("--html", "cannot write " + html + ": " + e.getMessage());
        }
    }

    // ---- the table ----

    private static final String ROW = "%-22s  %-22s  %-16s %8s %8s %5s %9s %6s %7s  %s%n";

    private static void print(SimulationResult result, Path catalogFile, PrintWriter out) {
        ZoneId zone = result.zone();
        out.printf("Simulation of %s on %s, %s to %s, seed %d, failure rate %s%n%n", catalogFile,
                result.windows().calendar().id(), Times.local(result.from(), zone), Times.local(result.to(), zone),
                result.seed(), number(result.failureRate()));
        out.printf(ROW, "start", "end", "type", "budget", "busy", "util", "succeeded", "failed", "retried",
                "top block reasons");
        boolean partial = false;
        for (WindowReport w : result.researchWindows()) {
            partial |= !w.complete();
            out.printf(ROW, Times.local(w.start()), Times.local(w.end()),
                    w.budgetType().id() + (w.complete() ? "" : "*"), hours(w.totalHours()), hours(w.busyHours()),
                    Math.round(w.utilization() * 100) + "%", w.succeeded(), w.failed(), w.retried(),
                    reasons(w));
        }
        if (result.researchWindows().isEmpty()) {
            out.println("(no research window in this range)");
        }
        if (partial) {
            out.println("* the range covers only part of this window: busy and util are over the part it covers");
        }
        out.println();
        out.println(summary(result));
    }

    private static String reasons(WindowReport w) {
        return w.topBlockReasons(3).stream().map(r -> r.id() + " (" + w.blockReasons().get(r) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String summary(SimulationResult result) {
        long runs = result.runs().stream().map(SimulatedRun::runId).distinct().count();
        Map<RunOutcome, Long> outcomes = result.runs().stream().collect(Collectors.groupingBy(SimulatedRun::outcome,
                () -> new EnumMap<>(RunOutcome.class), Collectors.counting()));
        String counts = outcomes.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%d run(s), %d attempt(s)%s; %s simulated in %.2f s", runs,
                result.runs().size(), counts.isEmpty() ? "" : ": " + counts,
                Durations.human(Duration.between(result.from(), result.to())), result.wallTime().toMillis() / 1000.0);
    }

    private static String hours(double hours) {
        return String.format(Locale.ROOT, "%.1f h", hours);
    }

    private static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
