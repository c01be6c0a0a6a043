package dev.interlude.http;

import dev.interlude.engine.status.StatusEvents;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorEvent.RetryScheduled;
import dev.interlude.engine.supervisor.SupervisorEvent.RunAbandoned;
import dev.interlude.engine.supervisor.SupervisorEvent.RunFailed;
import dev.interlude.engine.supervisor.SupervisorEvent.RunInterrupted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunSucceeded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The execution history of the node (the audit trail): every attempt of every run, rebuilt from the supervisor's
 * journal and kept up to date from it, in memory and bounded ({@code interlude.http.history.max-attempts}, the
 * oldest dropped first). It answers {@code /api/v1/runs} (newest first, paged) and the aggregates of
 * {@code /api/v1/metrics}, and tells its listeners each attempt once its outcome is final (the Prometheus counters).
 *
 * <p>One writer: the journal stream started by {@link #follow} (or a test or benchmark calling {@link #record});
 * many readers, behind a read-write lock. Attempts are kept in the order the journal created them: an attempt's
 * {@link Attempt#sequenceNr()} is the journal sequence number of its {@code RunStarted} (or, for a retry its runner
 * makes in place, of the {@code RetryScheduled} that announced it), unique and increasing, so it is the sort key and
 * the cursor of the pages.
 */
public final class RunHistory {

    /** How an attempt stands. */
    public enum Status {
        /** The attempt succeeded. */
        SUCCEEDED,
        /** The attempt failed; a later attempt of the same run follows (or is about to be scheduled). */
        FAILED,
        /** The attempt failed and it was the last one allowed: the run failed for good. */
        ABANDONED,
        /** The node stopped or died while the attempt was in flight; the run is retried under its policy. */
        INTERRUPTED,
        /** In flight (a retry its runner makes in place is in flight from the instant it is due). */
        RUNNING;

        /** Lower case, as in the API. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status with this id, if there is one. */
        public static Optional<Status> ofId(String id) {
            return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
        }
    }

    /**
     * One attempt of one run.
     *
     * @param sequenceNr the journal sequence number that created it: the history's sort key
     * @param startedAt  when it started
     * @param endedAt    when it ended; empty while it runs
     * @param detail     the result (a success) or the error (a failure), one line, credentials masked; may be empty
     */
    public record Attempt(long sequenceNr, String runId, String task, int attempt, Instant startedAt,
                          Optional<Instant> endedAt, Status status, String detail) {

        public Attempt {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(endedAt, "endedAt");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
        }

        /** How long it ran; empty while it runs. */
        public Optional<Duration> duration() {
            return endedAt.map(end -> Duration.between(startedAt, end));
        }

        /** True if it ran at some instant at or after {@code since}: it is still running, or ended since then. */
        public boolean activeSince(Instant since) {
            return endedAt.map(end -> !end.isBefore(since)).orElse(true);
        }

        /** Ended at {@code at}: a retry due later that is interrupted before it starts ends as it was due. */
        Attempt ended(Instant at, Status outcome, String why) {
            Instant end = at.isBefore(startedAt) ? startedAt : at;
            return new Attempt(sequenceNr, runId, task, attempt, startedAt, Optional.of(end), outcome, oneLine(why));
        }

        Attempt withStatus(Status outcome, String why) {
            return new Attempt(sequenceNr, runId, task, attempt, startedAt, endedAt, outcome, oneLine(why));
        }
    }

    /** One page of attempts, newest first; {@code nextBefore} is where the next page starts, if there is one. */
    public record Page(List<Attempt> attempts, OptionalLong nextBefore) {
        public Page {
            attempts = List.copyOf(attempts);
        }
    }

    /** What a page asks for. */
    public record Query(Instant since, Optional<String> task, Optional<Status> status, int limit,
                        OptionalLong before) {
    }

    /** The default bound: about a year of a busy desk. */
    public static final int DEFAULT_MAX_ATTEMPTS = 200_000;

    /** {@link #endedMs} of an attempt still running. */
    private static final long RUNNING = Long.MIN_VALUE;
    private static final Status[] STATUSES = Status.values();

    private final int capacity;
    /**
     * The attempts, in a ring: attempts have increasing indexes, the one of index {@code i} in slot
     * {@code i % capacity}. Beside them, the columns the scans read (start, end, status, task), so that a scan over
     * the whole history reads a few arrays rather than following every attempt's references.
     */
    private final Attempt[] ring;
    private final long[] startedMs;
    private final long[] endedMs;
    private final byte[] statuses;
    private final int[] tasks;
    /** Index of the oldest attempt kept. */
    private long first;
    /** Index the next attempt gets. */
    private long next;
    private final Map<String, Long> byKey = new HashMap<>();
    /** Each task's number in {@link #tasks}, and its name (one instance, rather than one per journaled event). */
    private final Map<String, Integer> taskNumbers = new HashMap<>();
    private final List<String> taskNames = new ArrayList<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<Consumer<Attempt>> listeners = new CopyOnWriteArrayList<>();
    private volatile long lastSequenceNr;
    private volatile boolean caughtUp;

    /** An empty history keeping at most {@code maxAttempts} attempts. */
    public RunHistory(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive, was " + maxAttempts);
        }
        this.capacity = maxAttempts;
        this.ring = new Attempt[maxAttempts];
        this.startedMs = new long[maxAttempts];
        this.endedMs = new long[maxAttempts];
        this.statuses = new byte[maxAttempts];
        this.tasks = new int[maxAttempts];
    }

    /** Tells {@code listener} every attempt once its outcome is final (succeeded, failed, abandoned, interrupted). */
    public void onSettled(Consumer<Attempt> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Reads the journal from the start ({@code current(1)}), then follows it ({@code live(next)}); if the stream
     * fails (the database is unreachable), it starts again after a backoff, from the event after the last one read.
     * Register listeners first: they hear only what is read after they are registered.
     */
    public RunHistory follow(ActorSystem<?> system, JournalEvents journal) {
        RestartSettings backoff = RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);
        RestartSource.withBackoff(backoff, () -> journal.current(lastSequenceNr + 1)
                        .concat(Source.lazySource(() -> {
                            caughtUp = true;
                            return journal.live(lastSequenceNr + 1);
                        })))
                .runForeach(j -> record(j.sequenceNr(), j.event()), system);
        return this;
    }

    /** The last journal sequence number read (0 before any). */
    public long lastSequenceNr() {
        return lastSequenceNr;
    }

    /** True once the journal as it was at the start has been read and the history follows new events. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** How many attempts are kept. */
    public int size() {
        lock.readLock().lock();
        try {
            return (int) (next - first);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** True if an attempt of {@code task} was ever read (it may have been dropped since). */
    public boolean knows(String task) {
        lock.readLock().lock();
        try {
            return taskNumbers.containsKey(task);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Takes in one journaled event (in journal order; an event at or below the last sequence number read is
     * ignored). Events other than a run's are skipped.
     */
    public void record(long sequenceNr, SupervisorEvent event) {
        if (sequenceNr <= lastSequenceNr) {
            return;
        }
        List<Attempt> settled = new ArrayList<>(1);
        lock.writeLock().lock();
        try {
            apply(sequenceNr, event, settled);
            lastSequenceNr = sequenceNr;
        } finally {
            lock.writeLock().unlock();
        }
        for (Attempt attempt : settled) {
            listeners.forEach(l -> l.accept(attempt));
        }
    }

    private void apply(long sequenceNr, SupervisorEvent event, List<Attempt> settled) {
        if (event instanceof RunStarted s) {
            add(s.runId(), s.task(), s.attempt(), s.at(), sequenceNr);
        } else if (event instanceof RunSucceeded s) {
            update(s.runId(), s.attempt(), a -> a.ended(s.at(), Status.SUCCEEDED, s.result())).ifPresent(settled::add);
        } else if (event instanceof RunFailed f) {
            update(f.runId(), f.attempt(), a -> a.ended(f.at(), Status.FAILED, f.error()));
        } else if (event instanceof RunInterrupted i) {
            update(i.runId(), i.attempt(), a -> a.ended(i.at(), Status.INTERRUPTED, "the node stopped while it ran"));
        } else if (event instanceof RetryScheduled r) {
            Optional<Attempt> previous = get(r.runId(), r.nextAttempt() - 1);
            previous.filter(p -> p.status() == Status.FAILED || p.status() == Status.INTERRUPTED)
                    .ifPresent(settled::add);
            // A failed attempt is retried by its runner at notBefore, without a RunStarted; an interrupted run is
            // started again by the supervisor, which journals that start.
            if (previous.isPresent() && previous.get().status() == Status.FAILED) {
                add(r.runId(), r.task(), r.nextAttempt(), r.notBefore(), sequenceNr);
            }
        } else if (event instanceof RunAbandoned a) {
            update(a.runId(), a.attempts(), r -> r.endedAt().isPresent() ? r.withStatus(Status.ABANDONED, a.error())
                    : r.ended(a.at(), Status.ABANDONED, a.error())).ifPresent(settled::add);
        }
    }

    private void add(String runId, String task, int attempt, Instant startedAt, long sequenceNr) {
        int number = taskNumbers.computeIfAbsent(task, t -> {
            taskNames.add(t);
            return taskNames.size() - 1;
        });
        if (next - first == capacity) {
            int oldest = slot(first);
            byKey.remove(key(ring[oldest].runId(), ring[oldest].attempt()));
            ring[oldest] = null;
            first++;
        }
        int slot = slot(next);
        tasks[slot] = number;
        set(slot, new Attempt(sequenceNr, runId, taskNames.get(number), attempt, startedAt, Optional.empty(),
                Status.RUNNING, ""));
        byKey.put(key(runId, attempt), next);
        next++;
    }

    private void set(int slot, Attempt attempt) {
        ring[slot] = attempt;
        startedMs[slot] = attempt.startedAt().toEpochMilli();
        endedMs[slot] = attempt.endedAt().map(Instant::toEpochMilli).orElse(RUNNING);
        statuses[slot] = (byte) attempt.status().ordinal();
    }

    private int slot(long index) {
        return (int) (index % capacity);
    }

    private Optional<Attempt> get(String runId, int attempt) {
        Long index = byKey.get(key(runId, attempt));
        return index == null ? Optional.empty() : Optional.of(ring[slot(index)]);
    }

    private Optional<Attempt> update(String runId, int attempt, UnaryOperator<Attempt> change) {
        Long index = byKey.get(key(runId, attempt));
        if (index == null) {
            return Optional.empty(); // dropped already, or never started (a journal read from its middle)
        }
        int slot = slot(index);
        set(slot, change.apply(ring[slot]));
        return Optional.of(ring[slot]);
    }

    private static String key(String runId, int attempt) {
        return runId + "#" + attempt;
    }

    private static String oneLine(String text) {
        return text == null || text.isBlank() ? "" : StatusEvents.safeReason(text);
    }

    // ---- queries ----

    /** Attempts active at or after {@code query.since()}, matching its task and status, newest first. */
    public Page page(Query query) {
        List<Attempt> found = new ArrayList<>(Math.min(query.limit(), 1000) + 1);
        long since = query.since().toEpochMilli();
        int status = query.status().map(Status::ordinal).orElse(-1);
        lock.readLock().lock();
        try {
            int task = query.task().map(t -> taskNumbers.getOrDefault(t, -1)).orElse(-2);
            if (task == -1) {
                return new Page(List.of(), OptionalLong.empty());
            }
            long from = query.before().isPresent() ? indexBefore(query.before().getAsLong()) : next - 1;
            for (long i = from; i >= first && found.size() <= query.limit(); i--) {
                int slot = slot(i);
                long ended = endedMs[slot];
                if ((ended == RUNNING || ended >= since) && (task < 0 || tasks[slot] == task)
                        && (status < 0 || statuses[slot] == status)) {
                    found.add(ring[slot]);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        if (found.size() > query.limit()) {
            List<Attempt> page = found.subList(0, query.limit());
            return new Page(page, OptionalLong.of(page.get(page.size() - 1).sequenceNr()));
        }
        return new Page(found, OptionalLong.empty());
    }

    /** The index of the newest attempt created before journal sequence number {@code sequenceNr}. */
    private long indexBefore(long sequenceNr) {
        long low = first;
        long high = next - 1;
        long found = first - 1;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            if (ring[slot(mid)].sequenceNr() < sequenceNr) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** Throughput, durations and error rates of the attempts that ended in [{@code from}, {@code to}]. */
    public RunSummary summary(Instant from, Instant to) {
        RunSummary.Builder builder;
        lock.readLock().lock();
        try {
            builder = new RunSummary.Builder(from, to, List.copyOf(taskNames));
            int slot = slot(first);
            for (long i = first; i < next; i++) {
                long ended = endedMs[slot];
                builder.add(tasks[slot], STATUSES[statuses[slot]], startedMs[slot], ended == RUNNING ? -1 : ended);
                slot = slot + 1 == capacity ? 0 : slot + 1;
            }
        } finally {
            lock.readLock().unlock();
        }
        return builder.build();
    }

    /**
     * The share of [{@code from}, {@code to}) in which at least one attempt was in flight, 0 to 1: a research
     * window's utilization, as the simulations measure it.
     */
    public double busyShare(Instant from, Instant to) {
        long low = from.toEpochMilli();
        long high = to.toEpochMilli();
        if (high <= low) {
            return 0;
        }
        long[] starts = new long[16];
        long[] ends = new long[16];
        int n = 0;
        lock.readLock().lock();
        try {
            for (long i = first; i < next; i++) {
                int slot = slot(i);
                long start = Math.max(startedMs[slot], low);
                long end = Math.min(endedMs[slot] == RUNNING ? high : endedMs[slot], high);
                if (start < end) {
                    if (n == starts.length) {
                        starts = Arrays.copyOf(starts, n * 2);
                        ends = Arrays.copyOf(ends, n * 2);
                    }
                    starts[n] = start;
                    ends[n++] = end;
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        // The union's length, by a sweep over the starts and the ends, each in order: time counts while at least
        // one attempt is in flight.
        Arrays.sort(starts, 0, n);
        Arrays.sort(ends, 0, n);
        long covered = 0;
        long last = low;
        int active = 0;
        for (int i = 0, j = 0; i < n || j < n; ) {
            boolean start = i < n && (j >= n || starts[i] <= ends[j]);
            long at = start ? starts[i++] : ends[j++];
            if (active > 0) {
                covered += at - last;
            }
            active += start ? 1 : -1;
            last = at;
        }
        return (double) covered / (high - low);
    }
}
