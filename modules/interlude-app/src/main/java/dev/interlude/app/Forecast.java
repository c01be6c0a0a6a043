package dev.interlude.app;

import dev.interlude.core.Durations;
import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.http.Forecasts;
import dev.interlude.testkit.RunOutcome;
import dev.interlude.testkit.SimulatedRun;
import dev.interlude.testkit.Simulation;
import dev.interlude.testkit.SimulationResult;
import dev.interlude.testkit.WindowReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The forecast of {@code interlude plan --hours N}: the configured desk simulated forward on a fresh node, with the
 * real supervisor and runners on virtual time, and what will run when. Every run takes its estimate and succeeds
 * (a {@code simulated} handler keeps its own duration and failure chance); the memory budget is the node's budget
 * now, held fixed; a task that needs approval waits unless it is named in {@code --approved}.
 */
final class Forecast {

    /** The longest forecast: a month. */
    static final int MAX_HOURS = Forecasts.MAX_HOURS;

    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("EEE MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter END = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private Forecast() {
    }

    /** The length {@code --hours} asks for: a number of hours, whole or not, above 0 and at most a month. */
    static Duration length(String hours) {
        return Forecasts.length("--hours", hours);
    }

    /**
     * Simulates {@code catalog} from {@code from} for {@code length} on the calendar, windows and planner of
     * {@code setup}, with the memory budget {@code memoryMb} and the tasks in {@code approved} approved whenever
     * they ask.
     */
    static SimulationResult simulate(Setup setup, TaskCatalog catalog, Set<String> approved, long memoryMb,
                                     Instant from, Duration length) {
        Simulation simulation = Simulation.of(catalog)
                .calendar(setup.calendar().calendar())
                .windows(setup.calendar().windows())
                .planner(setup.planner())
                .memoryMb(Math.max(1, memoryMb))
                .autoApprove(false)
                .approve(approved)
                .from(from);
        return SimulationLogging.quietly(setup.environment(), () -> simulation.runFor(length));
    }


    /** The forecast as text: the runs in start order, grouped by research window, then a summary. */
    static void print(SimulationResult result, Set<String> approved, PrintWriter out) {
        ZoneId zone = result.zone();
        Duration length = Duration.between(result.from(), result.to());
        out.printf("Forecast from %s to %s (%s) on a fresh node, %s, times in %s%n", Times.local(result.from(), zone),
                Times.local(result.to(), zone), length.toSeconds() % 3600 == 0 ? length.toHours() + " h"
                        : Durations.human(length), result.windows().calendar().id(), zone);
        out.printf("Every run takes its estimate and succeeds; memory budget %d MB; approved: %s%n",
                result.memoryMb(), approved.isEmpty() ? "none (tasks that need approval wait)"
                        : String.join(", ", approved));
        List<SimulatedRun> runs = new ArrayList<>(result.runs());
        runs.sort(Comparator.comparing(SimulatedRun::start));
        int width = runs.stream().mapToInt(r -> r.task().length()).max().orElse(0);
        int next = 0;
        for (WindowReport window : result.researchWindows()) {
            next = printRuns(runs, next, window.coveredFrom(), "Outside research windows", width, zone, out);
            out.printf("%nResearch window %s, %s to %s: %.1f h budget, %.1f h of it forecast, busy %.1f h (%.1f %%)%n",
                    window.budgetType().id(), Times.local(window.start()), Times.local(window.end()),
                    window.totalHours(), window.coveredHours(), window.busyHours(), 100 * window.utilization());
            if (!window.blockReasons().isEmpty()) {
                out.printf("  waited for: %s%n", reasons(window.blockReasons()));
            }
            int before = next;
            next = printRuns(runs, next, window.coveredTo(), null, width, zone, out);
            if (next == before) {
                out.println("  (no runs)");
            }
        }
        printRuns(runs, next, Instant.MAX, "Outside research windows", width, zone, out);
        out.println();
        summary(result, runs, out);
    }

    /**
     * Prints the runs from index {@code from} that start before {@code until}, under {@code title} if there are any
     * and a title is given; returns the index of the first run not printed.
     */
    private static int printRuns(List<SimulatedRun> runs, int from, Instant until, String title, int width,
                                 ZoneId zone, PrintWriter out) {
        int i = from;
        while (i < runs.size() && runs.get(i).start().isBefore(until)) {
            if (i == from) {
                if (title != null) {
                    out.printf("%n%s%n", title);
                }
                out.printf("  %-18s  %-12s  %-" + width + "s  %-11s  %s%n", "start", "end", "task", "outcome",
                        "run id");
            }
            SimulatedRun run = runs.get(i++);
            out.printf("  %-18s  %-12s  %-" + width + "s  %-11s  %s%n", START.format(seconds(run.start(), zone)),
                    end(run, zone), run.task(), run.outcome().id(), run.runId());
        }
        return i;
    }

    /** The end's time of day, with {@code +Nd} when it falls on a later day than the start; "-" while running. */
    private static String end(SimulatedRun run, ZoneId zone) {
        if (run.end().isEmpty()) {
            return "-";
        }
        ZonedDateTime start = seconds(run.start(), zone);
        ZonedDateTime end = seconds(run.end().get(), zone);
        long days = ChronoUnit.DAYS.between(start.toLocalDate(), end.toLocalDate());
        return END.format(end) + (days > 0 ? " +" + days + "d" : "");
    }

    private static ZonedDateTime seconds(Instant instant, ZoneId zone) {
        return instant.atZone(zone).truncatedTo(ChronoUnit.SECONDS);
    }

    private static void summary(SimulationResult result, List<SimulatedRun> runs, PrintWriter out) {
        Map<RunOutcome, Integer> outcomes = new EnumMap<>(RunOutcome.class);
        Set<String> ran = new LinkedHashSet<>();
        for (SimulatedRun run : runs) {
            outcomes.merge(run.outcome(), 1, Integer::sum);
            ran.add(run.task());
        }
        StringJoiner counts = new StringJoiner(", ", " (", ")").setEmptyValue("");
        outcomes.forEach((outcome, n) -> counts.add(n + " " + outcome.id()));
        List<WindowReport> windows = result.researchWindows();
        double busy = windows.stream().mapToDouble(WindowReport::busyHours).sum();
        double covered = windows.stream().mapToDouble(WindowReport::coveredHours).sum();
        out.printf("Summary: %d runs of %d tasks%s; %s%n", runs.size(), ran.size(), counts, windows.isEmpty()
                ? "no research window" : String.format("%d research window%s, busy %.1f h of the %.1f h forecast",
                windows.size(), windows.size() == 1 ? "" : "s", busy, covered));
        if (!result.blockReasons().isEmpty()) {
            out.printf("Waited for: %s%n", reasons(result.blockReasons()));
        }
        List<String> idle = result.catalog().names().stream().filter(name -> !ran.contains(name)).toList();
        if (!idle.isEmpty()) {
            out.printf("Not run: %s%n", String.join(", ", idle));
        }
    }

    private static String reasons(Map<BlockReason, Integer> counts) {
        StringJoiner joined = new StringJoiner(", ");
        counts.forEach((reason, n) -> joined.add(reason.id() + " (" + n + ")"));
        return joined.toString();
    }
}
