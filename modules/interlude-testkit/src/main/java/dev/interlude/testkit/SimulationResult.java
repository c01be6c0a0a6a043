package dev.interlude.testkit;

import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.window.BudgetType;
import dev.interlude.core.window.ResearchWindow;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a {@link Simulation} did: every attempt of every run, every research window it touched with its utilization,
 * why due tasks waited, the journal it wrote and the supervisor's state at the end; plus the assertions a test of a
 * catalog needs. The assertions throw {@link AssertionError} with a message an operator can act on, so they work
 * with any test framework.
 */
public final class SimulationResult {

    private final Instant from;
    private final Instant to;
    private final TaskCatalog catalog;
    private final TradingWindows windows;
    private final SimulationSettings settings;
    private final List<SimulatedRun> runs;
    private final List<WindowReport> windowReports;
    private final Map<BlockReason, Integer> blockReasons;
    private final List<Instant> crashes;
    private final List<SupervisorEvent> journal;
    private final SupervisorState finalState;
    private final Duration wallTime;
    private final long timersFired;

    private SimulationResult(Instant from, Instant to, TaskCatalog catalog, TradingWindows windows,
                             SimulationSettings settings, List<SimulatedRun> runs, List<WindowReport> windowReports,
                             Map<BlockReason, Integer> blockReasons, List<Instant> crashes,
                             List<SupervisorEvent> journal, SupervisorState finalState, Duration wallTime,
                             long timersFired) {
        this.from = from;
        this.to = to;
        this.catalog = catalog;
        this.windows = windows;
        this.settings = settings;
        this.runs = List.copyOf(runs);
        this.windowReports = List.copyOf(windowReports);
        this.blockReasons = Collections.unmodifiableMap(blockReasons);
        this.crashes = List.copyOf(crashes);
        this.journal = List.copyOf(journal);
        this.finalState = finalState;
        this.wallTime = wallTime;
        this.timersFired = timersFired;
    }

    static SimulationResult build(Instant from, Instant to, TaskCatalog catalog, TradingWindows windows,
                                  SimulationSettings settings, List<SupervisorEvent> journal,
                                  List<Recorder.Episode> episodes, List<Instant> crashes, SupervisorState finalState,
                                  Duration wallTime, long timersFired) {
        List<SimulatedRun> runs = runs(journal, to);
        List<WindowReport> reports = new ArrayList<>();
        for (ResearchWindow window : researchWindows(windows, from, to)) {
            reports.add(report(window, from, to, runs, episodes));
        }
        return new SimulationResult(from, to, catalog, windows, settings, runs, reports,
                countReasons(episodes, e -> true), crashes, journal, finalState, wallTime, timersFired);
    }

    // ---- what happened ----

    /** Where the simulation started. */
    public Instant from() {
        return from;
    }

    /** Where it ended. */
    public Instant to() {
        return to;
    }

    /** The exchange's zone. */
    public ZoneId zone() {
        return windows.zone();
    }

    public TaskCatalog catalog() {
        return catalog;
    }

    /** The calendar and window settings the simulation ran on. */
    public TradingWindows windows() {
        return windows;
    }

    public long seed() {
        return settings.seed();
    }

    public double failureRate() {
        return settings.failureRate();
    }

    /** The fixed memory budget the planner had, in MiB. */
    public long memoryMb() {
        return settings.memoryMb();
    }

    /** Every attempt of every run, in the order they started. */
    public List<SimulatedRun> runs() {
        return runs;
    }

    /** The attempts of {@code task}'s runs, in order. */
    public List<SimulatedRun> runsOf(String task) {
        return runs.stream().filter(r -> r.task().equals(task)).toList();
    }

    /** Every research window the simulation touched, in order. */
    public List<WindowReport> researchWindows() {
        return windowReports;
    }

    /** The research windows of one budget type. */
    public List<WindowReport> researchWindows(BudgetType type) {
        return windowReports.stream().filter(w -> w.budgetType() == type).toList();
    }

    /** The research window containing {@code at}. */
    public Optional<WindowReport> researchWindowAt(Instant at) {
        return windowReports.stream().filter(w -> w.window().contains(at)).findFirst();
    }

    /** Why due tasks waited over the whole simulation, most frequent first (see {@link WindowReport}). */
    public Map<BlockReason, Integer> blockReasons() {
        return blockReasons;
    }

    /** The instants the node was crashed at. */
    public List<Instant> crashes() {
        return crashes;
    }

    /** Every event the supervisor journaled, in order: the record a recovering supervisor rebuilt itself from. */
    public List<SupervisorEvent> journal() {
        return journal;
    }

    /** The supervisor's state at the end (of the last supervisor, after any crash). */
    public SupervisorState finalState() {
        return finalState;
    }

    /** How long the simulation took in wall time (not part of the JSON: it differs between runs). */
    public Duration wallTime() {
        return wallTime;
    }

    /** How many timers fired on virtual time. */
    public long timersFired() {
        return timersFired;
    }

    /** The result as JSON: {@code windows} and {@code runs}, instants in ISO-8601 with the exchange's offset. */
    public String toJson() {
        return SimulationJson.write(this);
    }

    // ---- assertions ----

    /** No two runs of tasks that conflict were ever in flight at the same time. */
    public SimulationResult assertNoConflictingRunsOverlap() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            SimulatedRun a = runs.get(i);
            TaskSpec spec = catalog.get(a.task()).orElse(null);
            if (spec == null || spec.conflicts().isEmpty()) {
                continue;
            }
            for (int j = i + 1; j < runs.size(); j++) {
                SimulatedRun b = runs.get(j);
                if (spec.conflicts().contains(b.task()) && b.overlaps(a.start(), a.endOr(to), to)) {
                    problems.add(a.runId() + " (" + a.start() + " .. " + a.endOr(to) + ") overlaps " + b.runId()
                            + " (" + b.start() + " .. " + b.endOr(to) + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("conflicting runs overlapped: " + String.join("; ", problems));
        }
        return this;
    }

    /** The runs in flight never held more memory than the budget. */
    public SimulationResult assertMemoryNeverExceeded() {
        Peak peak = peak();
        if (peak.mb() > settings.memoryMb()) {
            throw new AssertionError("runs held " + peak.mb() + " MiB at " + peak.at() + ", over the budget of "
                    + settings.memoryMb() + " MiB");
        }
        return this;
    }

    /** The most memory the runs in flight held at once, in MiB. */
    public long peakMemoryMb() {
        return peak().mb();
    }

    private record Peak(long mb, Instant at) {
    }

    private Peak peak() {
        List<long[]> points = new ArrayList<>();
        for (SimulatedRun run : runs) {
            points.add(new long[] {run.start().toEpochMilli(), run.memoryMb()});
            points.add(new long[] {run.endOr(to).toEpochMilli(), -run.memoryMb()});
        }
        // At the same instant, ends before starts: a run may start the moment another frees its memory.
        points.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
        long held = 0;
        Peak peak = new Peak(0, from);
        for (long[] point : points) {
            held += point[1];
            if (held > peak.mb()) {
                peak = new Peak(held, Instant.ofEpochMilli(point[0]));
            }
        }
        return peak;
    }

    /**
     * {@code first} ran before {@code then}: both ran, and every run of {@code then} started after a successful run
     * of {@code first} had ended.
     */
    public SimulationResult assertOrder(String first, String then) {
        List<SimulatedRun> firsts = runsOf(first).stream().filter(r -> r.outcome() == RunOutcome.SUCCEEDED).toList();
        List<SimulatedRun> thens = runsOf(then);
        if (firsts.isEmpty()) {
            throw new AssertionError(first + " never succeeded, so it did not run before " + then);
        }
        if (thens.isEmpty()) {
            throw new AssertionError(then + " never ran");
        }
        for (SimulatedRun run : thens) {
            boolean after = firsts.stream().anyMatch(f -> f.end().isPresent() && !f.end().get().isAfter(run.start()));
            if (!after) {
                throw new AssertionError(run.runId() + " started at " + run.start() + " before any run of " + first
                        + " had ended (first ended " + firsts.get(0).end().map(Object::toString).orElse("never")
                        + ")");
            }
        }
        return this;
    }

    /** Every research window of {@code type} that the simulation covered completely was busy at least {@code min}. */
    public SimulationResult assertUtilizationAtLeast(BudgetType type, double min) {
        List<WindowReport> complete = researchWindows(type).stream().filter(WindowReport::complete).toList();
        if (complete.isEmpty()) {
            throw new AssertionError("the simulation covered no complete " + type.id() + " window");
        }
        for (WindowReport window : complete) {
            if (window.utilization() < min) {
                throw new AssertionError(String.format("the %s window %s .. %s was busy %.1f %% of its %.1f h "
                                + "(%.1f h), less than %.1f %%", type.id(), window.start(), window.end(),
                        100 * window.utilization(), window.totalHours(), window.busyHours(), 100 * min));
            }
        }
        return this;
    }

    /** Every attempt ended within the simulation or is still running; no run failed for good. */
    public SimulationResult assertNoRunAbandoned() {
        List<String> abandoned = runs.stream().filter(r -> r.outcome() == RunOutcome.ABANDONED)
                .map(r -> r.runId() + " (" + r.detail() + ")").toList();
        if (!abandoned.isEmpty()) {
            throw new AssertionError("runs failed for good: " + abandoned);
        }
        return this;
    }

    // ---- building ----

    /** Every attempt, from the journal: started, then succeeded, failed, abandoned or interrupted. */
    private static List<SimulatedRun> runs(List<SupervisorEvent> journal, Instant to) {
        Map<String, SimulatedRun> byAttempt = new LinkedHashMap<>();
        for (SupervisorEvent event : journal) {
            if (event instanceof SupervisorEvent.RunStarted s) {
                byAttempt.put(key(s.runId(), s.attempt()), new SimulatedRun(s.runId(), s.task(), s.attempt(), s.at(),
                        Optional.empty(), RunOutcome.RUNNING, s.memoryMb(), ""));
            } else if (event instanceof SupervisorEvent.RunSucceeded s) {
                byAttempt.computeIfPresent(key(s.runId(), s.attempt()),
                        (k, r) -> ended(r, s.at(), RunOutcome.SUCCEEDED, s.result()));
            } else if (event instanceof SupervisorEvent.RunFailed f) {
                byAttempt.computeIfPresent(key(f.runId(), f.attempt()),
                        (k, r) -> ended(r, f.at(), RunOutcome.FAILED, f.error()));
            } else if (event instanceof SupervisorEvent.RetryScheduled retry) {
                // A failed attempt is retried by its runner, at the instant reported, without a new RunStarted; an
                // interrupted one is started again by the supervisor, which journals that start.
                SimulatedRun previous = byAttempt.get(key(retry.runId(), retry.nextAttempt() - 1));
                if (previous != null && previous.outcome() == RunOutcome.FAILED) {
                    byAttempt.put(key(retry.runId(), retry.nextAttempt()), new SimulatedRun(retry.runId(),
                            retry.task(), retry.nextAttempt(), retry.notBefore(), Optional.empty(), RunOutcome.RUNNING,
                            previous.memoryMb(), ""));
                }
            } else if (event instanceof SupervisorEvent.RunInterrupted i) {
                byAttempt.computeIfPresent(key(i.runId(), i.attempt()),
                        (k, r) -> ended(r, i.at(), RunOutcome.INTERRUPTED, "the node crashed"));
            } else if (event instanceof SupervisorEvent.RunAbandoned a) {
                byAttempt.computeIfPresent(key(a.runId(), a.attempts()),
                        (k, r) -> ended(r, r.end().orElse(a.at()), RunOutcome.ABANDONED, a.error()));
            }
        }
        // In the order they started (a retry's row was made when it was scheduled); a retry due after the end of
        // the simulation never started.
        List<SimulatedRun> started = new ArrayList<>(byAttempt.values().stream()
                .filter(r -> r.start().isBefore(to)).toList());
        started.sort(Comparator.comparing(SimulatedRun::start));
        return List.copyOf(started);
    }

    private static SimulatedRun ended(SimulatedRun run, Instant at, RunOutcome outcome, String detail) {
        String line = detail == null ? "" : detail.lines().findFirst().orElse("");
        return new SimulatedRun(run.runId(), run.task(), run.attempt(), run.start(), Optional.of(at), outcome,
                run.memoryMb(), line);
    }

    private static String key(String runId, int attempt) {
        return runId + "#" + attempt;
    }

    /** The research windows overlapping [from, to), in order. */
    static List<ResearchWindow> researchWindows(TradingWindows windows, Instant from, Instant to) {
        List<ResearchWindow> found = new ArrayList<>();
        Optional<ResearchWindow> containing = windows.researchWindowContaining(from);
        ResearchWindow window = containing.orElseGet(() -> windows.researchWindowAtOrAfter(from));
        while (window.start().toInstant().isBefore(to)) {
            found.add(window);
            ResearchWindow next = windows.researchWindowAtOrAfter(window.end().toInstant());
            if (!next.start().isAfter(window.start())) {
                break;
            }
            window = next;
        }
        return found;
    }

    private static WindowReport report(ResearchWindow window, Instant from, Instant to, List<SimulatedRun> runs,
                                       List<Recorder.Episode> episodes) {
        Instant coveredFrom = max(window.start().toInstant(), from);
        Instant coveredTo = min(window.end().toInstant(), to);
        List<Instant[]> busy = new ArrayList<>();
        int succeeded = 0;
        int failed = 0;
        int retried = 0;
        for (SimulatedRun run : runs) {
            Instant start = max(run.start(), coveredFrom);
            Instant end = min(run.endOr(to), coveredTo);
            if (start.isBefore(end)) {
                busy.add(new Instant[] {start, end});
            }
            Instant ended = run.endOr(to);
            switch (run.outcome()) {
                case SUCCEEDED -> succeeded += window.contains(run.start()) ? 1 : 0;
                case ABANDONED -> failed += window.contains(ended) ? 1 : 0;
                case FAILED, INTERRUPTED -> retried += window.contains(ended) ? 1 : 0;
                default -> {
                }
            }
        }
        busy.sort(Comparator.comparing((Instant[] b) -> b[0]));
        long busyMillis = 0;
        Instant coveredUntil = coveredFrom;
        for (Instant[] interval : busy) {
            Instant start = max(interval[0], coveredUntil);
            if (interval[1].isAfter(start)) {
                busyMillis += Duration.between(start, interval[1]).toMillis();
                coveredUntil = interval[1];
            }
        }
        return new WindowReport(window, coveredFrom, coveredTo, busyMillis / 3_600_000.0, succeeded, failed, retried,
                countReasons(episodes, e -> window.contains(e.at())));
    }

    private static Map<BlockReason, Integer> countReasons(List<Recorder.Episode> episodes,
                                                          Predicate<Recorder.Episode> which) {
        Map<BlockReason, Integer> counts = new EnumMap<>(BlockReason.class);
        for (Recorder.Episode episode : episodes) {
            if (which.test(episode)) {
                counts.merge(episode.reason(), 1, Integer::sum);
            }
        }
        Map<BlockReason, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<BlockReason, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
