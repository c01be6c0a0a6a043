package dev.interlude.app;

import dev.interlude.core.Durations;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.plan.Completion;
import dev.interlude.core.plan.Plan;
import dev.interlude.core.plan.Planner;
import dev.interlude.core.plan.PlanningState;
import dev.interlude.core.plan.Start;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.window.TimeFrame;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.http.BudgetJson;
import dev.interlude.testkit.SimulationJson;
import dev.interlude.testkit.SimulationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code interlude plan}: what the planner would start at an instant on a fresh node (nothing run yet this cycle,
 * nothing approved), and why every other task waits; with {@code --hours N}, the forecast: the desk simulated
 * forward for N hours on virtual time, and what will run when (see {@link Forecast}).
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what would start at an instant on a fresh node, and why each other task waits.",
                "With --hours N: the forecast. The desk is simulated forward from --at (default now) for N hours on "
                        + "a fresh node, with the real supervisor on virtual time; it lists what will run when, by "
                        + "research window. Every run takes its estimate and succeeds; the memory budget is the "
                        + "node's budget now; tasks that need approval wait unless named in --approved. --done does "
                        + "not apply to a forecast. --json prints the same JSON as `interlude simulate --json`."})
final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    private Interlude parent;

    @Spec
    private CommandSpec spec;

    @Mixin
    private AtOption at;

    @Option(names = "--tasks", paramLabel = "FILE", description = "Task catalog (default: interlude.tasks-file).")
    private Path tasks;

    @Option(names = "--json", description = "Print JSON.")
    private boolean json;

    @Option(names = "--done", paramLabel = "TASK", split = ",",
            description = "Assume these tasks already succeeded in this trading cycle (repeatable or comma-separated)."
                    + " Not with --hours.")
    private List<String> done = new ArrayList<>();

    @Option(names = "--approved", paramLabel = "TASK", split = ",",
            description = "Assume these tasks are approved for this trading cycle; with --hours, approved whenever "
                    + "they ask during the forecast.")
    private List<String> approved = new ArrayList<>();

    @Option(names = "--hours", paramLabel = "N",
            description = "Forecast the next N hours (above 0, at most " + Forecast.MAX_HOURS + "; 1.5 is 90 minutes) "
                    + "instead of one decision.")
    private String hours;

    record PlanView(String at, String phase, String mode, BudgetJson.Research research, List<StartView> starts,
                    List<BlockedView> waiting) {
    }

    record StartView(String task, String priority, String cause, int attempt, double estimateMinutes, int memoryMb,
                     String dueSince, Map<String, String> parameters) {
    }

    record BlockedView(String task, String priority, String reason, String detail, String dueSince) {
    }

    @Override
    public Integer call() {
        Setup setup = parent.setup();
        TaskCatalog catalog = setup.catalog(tasks);
        TradingWindows windows = setup.windows();
        ZoneId zone = setup.calendar().calendar().zone();
        Instant instant = at.instant(parent.clock, zone);
        if (hours != null) {
            return forecast(setup, catalog, instant);
        }
        TimeFrame frame = windows.frameAt(instant);
        PlanningState state = assumptions(PlanningState.initial(catalog, frame, setup.planner().resources(),
                setup.planner().settings()), instant);
        Plan plan = Planner.plan(state, instant);
        PlanView view = view(plan, catalog, BudgetJson.at(windows, zone, instant), zone);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(view));
        } else {
            print(view, out, setup.planner().resources().memoryBudgetMb());
        }
        return Interlude.OK;
    }

    /** {@code --hours}: the desk simulated forward from {@code from}, printed as a table or as JSON. */
    private int forecast(Setup setup, TaskCatalog catalog, Instant from) {
        List<Problem> problems = new ArrayList<>();
        Duration length = Setup.collect(() -> Forecast.length(hours), problems);
        if (!done.isEmpty()) {
            problems.add(new Problem("--done", "does not apply with --hours: a forecast starts on a fresh node and "
                    + "runs each task as it falls due"));
        }
        checkNames("--approved", approved, catalog, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Set<String> approvedTasks = new LinkedHashSet<>(approved);
        SimulationResult result = Forecast.simulate(setup, catalog, approvedTasks,
                setup.planner().resources().memoryBudgetMb(), from, length);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(SimulationJson.write(result));
        } else {
            Forecast.print(result, approvedTasks, out);
        }
        return Interlude.OK;
    }

    /** The state after what {@code --done} and {@code --approved} ask to assume, with every name checked. */
    private PlanningState assumptions(PlanningState state, Instant instant) {
        List<Problem> problems = new ArrayList<>();
        checkNames("--done", done, state.catalog(), problems);
        checkNames("--approved", approved, state.catalog(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<Completion> completions = new ArrayList<>();
        Map<String, Instant> lastStarted = new HashMap<>();
        for (String task : new LinkedHashSet<>(done)) {
            completions.add(new Completion(task, "assumed-" + task, instant, instant, true));
            lastStarted.put(task, instant);
        }
        return state.withCompletions(completions).withLastStarted(lastStarted).withApprovals(new HashSet<>(approved));
    }

    private static void checkNames(String option, List<String> names, TaskCatalog catalog, List<Problem> problems) {
        for (String name : names) {
            if (!catalog.contains(name)) {
                problems.add(new Problem(option, "unknown task \"" + name + "\""));
            }
        }
    }

    private static PlanView view(Plan plan, TaskCatalog catalog, BudgetJson.Budget budget, ZoneId zone) {
        List<StartView> starts = plan.starts().stream().map(s -> {
            TaskSpec spec = catalog.get(s.taskName()).orElseThrow();
            String cause = s.cause().name().toLowerCase(java.util.Locale.ROOT);
            return new StartView(s.taskName(), spec.priority().name(), cause, s.attempt(),
                    s.estimate().toSeconds() / 60.0, spec.memoryMb(), Times.local(s.dueSince(), zone), s.parameters());
        }).collect(Collectors.toList());
        List<BlockedView> waiting = plan.blocked().stream().map(b -> new BlockedView(b.taskName(),
                catalog.get(b.taskName()).orElseThrow().priority().name(), b.reason().id(), b.detail(),
                b.dueSince().map(d -> Times.local(d, zone)).orElse(null))).collect(Collectors.toList());
        boolean inResearch = plan.frame().researchWindow().isPresent();
        return new PlanView(budget.at(), budget.phase(), budget.mode(), inResearch ? budget.research() : null,
                starts, waiting);
    }

    private static void print(PlanView view, PrintWriter out, long memoryBudgetMb) {
        out.printf("Plan at %s: %s (mode %s)%n", view.at(), view.phase(), view.mode());
        if (view.research() != null) {
            BudgetJson.Research r = view.research();
            out.printf("Research window: %s, %s to %s, %.1f h of %.1f h left%n", r.budgetType(), r.start(), r.end(),
                    r.remainingHours(), r.totalHours());
        }
        out.printf("Memory budget: %d MB%n%n", memoryBudgetMb);
        out.printf("Starts (%d):%n", view.starts().size());
        int i = 1;
        for (StartView s : view.starts()) {
            out.printf("  %2d. %-28s %-10s %-8s est %-8s %6d MB%n", i++, s.task(), s.priority(), s.cause(),
                    Durations.human(java.time.Duration.ofSeconds(Math.round(s.estimateMinutes() * 60))), s.memoryMb());
        }
        out.printf("%nWaiting (%d):%n", view.waiting().size());
        for (BlockedView b : view.waiting()) {
            out.printf("  %-28s %-10s %-20s %s%n", b.task(), b.priority(), b.reason(), b.detail());
        }
    }
}
