package dev.interlude.core.plan;

import dev.interlude.core.task.Due;
import dev.interlude.core.task.TaskGraph;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.task.TriggerContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one planning pass worked out that the next can use again, so a decision over a large catalog does not ask
 * every trigger again: each task's {@link Due}, and the state's per-task lookups (last starts, observed durations,
 * which task each completion belongs to) laid out by task index.
 *
 * <p>A trigger's answer depends only on the task's trigger, its last start, the trading cycle and research window,
 * and the instant; with the first three unchanged, it changes only at its {@link Due#nextFire() next fire} (the
 * contract of {@link Trigger#due}). So the index keeps each answer until then, and forgets it as soon as anything it
 * was worked out from differs: another catalog (a task redefined at run time gives a new catalog), another trading
 * cycle or research window, another last start of that task, or an instant before the one it was worked out at. The
 * per-task lookups are kept for as long as the state hands in the very same map or list.
 *
 * <p>An index is a cache, never an input: a plan made with one is exactly the plan made without. The supervisor
 * keeps one and passes it in every decision ({@link PlanningState#withDueIndex}); one-off plans (the CLI) need none.
 * Passes that share an index take turns (the planner holds it for the length of a pass).
 */
public final class DueIndex {

    /** Instants are compared as epoch nanoseconds; this marks "until anything changes". */
    private static final long FOREVER = Long.MAX_VALUE;

    private TaskGraph graph;
    private TriggerContext context;

    private Map<String, Instant> lastStartedSource;
    private Instant[] lastStarted;
    private Map<String, DurationStats> durationsSource;
    private DurationStats[] durations;
    private List<Completion> completionsSource;
    private int[] completionTasks;

    /** The remembered answer per task (null: none), and what it was worked out from. */
    private Due[] dues;
    private Instant[] dueLastStarted;
    private long[] dueFrom;
    private long[] dueUntil;
    private long asked;

    /** An empty index: the first pass that uses it asks every trigger. */
    public DueIndex() {
    }

    /**
     * Readies the index for a pass over {@code graph} in {@code context}: forgets every answer if the catalog, the
     * trading cycle or the research window changed, and lays out the state's lookups by task index again if the
     * state hands in other maps or lists than last time.
     */
    void prepare(TaskGraph newGraph, TriggerContext newContext, PlanningState state) {
        if (newGraph != graph) {
            graph = newGraph;
            context = newContext;
            lastStartedSource = null;
            durationsSource = null;
            completionsSource = null;
            forgetDues();
        } else if (!newContext.equals(context)) {
            context = newContext;
            forgetDues();
        }
        if (state.lastStarted() != lastStartedSource) {
            lastStarted = byTask(state.lastStarted(), new Instant[graph.size()]);
            lastStartedSource = state.lastStarted();
        }
        if (state.durations() != durationsSource) {
            durations = byTask(state.durations(), new DurationStats[graph.size()]);
            durationsSource = state.durations();
        }
        if (state.completions() != completionsSource) {
            List<Completion> completions = state.completions();
            completionTasks = new int[completions.size()];
            for (int k = 0; k < completionTasks.length; k++) {
                completionTasks[k] = graph.indexOf(completions.get(k).taskName());
            }
            completionsSource = completions;
        }
    }

    private void forgetDues() {
        int n = graph.size();
        dues = new Due[n];
        dueLastStarted = new Instant[n];
        dueFrom = new long[n];
        dueUntil = new long[n];
    }

    private <V> V[] byTask(Map<String, V> values, V[] laidOut) {
        for (Map.Entry<String, V> e : values.entrySet()) {
            int task = graph.indexOf(e.getKey());
            if (task >= 0) {
                laidOut[task] = e.getValue();
            }
        }
        return laidOut;
    }

    /** When the task's most recent run started, or null if it never did. */
    Instant lastStarted(int task) {
        return lastStarted[task];
    }

    /** The task's observed durations, or null if there are none. */
    DurationStats durations(int task) {
        return durations[task];
    }

    /** The index of the task the state's {@code k}-th completion belongs to, or -1 if the catalog has none. */
    int completionTask(int k) {
        return completionTasks[k];
    }

    /** The task's trigger's answer at {@code now}: remembered if still valid, else asked for and remembered. */
    Due due(int task, Instant now) {
        Instant last = lastStarted[task];
        Due known = dues[task];
        long at = nanos(now);
        if (known != null && sameInstant(last, dueLastStarted[task]) && at >= dueFrom[task] && at < dueUntil[task]) {
            return known;
        }
        Due due = graph.spec(task).trigger().due(Optional.ofNullable(last), now, context);
        asked++;
        long until = due.nextFire().map(DueIndex::nanos).orElse(FOREVER);
        boolean representable = at != Long.MIN_VALUE && at != FOREVER && until != Long.MIN_VALUE
                && (until != FOREVER || due.nextFire().isEmpty());
        dues[task] = representable ? due : null;
        dueLastStarted[task] = last;
        dueFrom[task] = at;
        dueUntil[task] = until;
        return due;
    }

    private static boolean sameInstant(Instant a, Instant b) {
        return a == b || a != null && a.equals(b);
    }

    /** Epoch nanoseconds; instants beyond the range of a long (about the years 1677 to 2262) saturate. */
    private static long nanos(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
            return FOREVER;
        }
        if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return seconds * 1_000_000_000L + instant.getNano();
    }

    /** How many times a trigger was asked, over the index's life: for tests of what it remembers. */
    long asked() {
        return asked;
    }
}
