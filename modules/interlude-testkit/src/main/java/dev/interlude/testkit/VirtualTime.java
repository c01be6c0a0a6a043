package dev.interlude.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Cancellable;
import scala.concurrent.ExecutionContext;

/**
 * The clock, the timers and the one worker thread of a simulated actor system. Everything the actor system does
 * (every dispatcher, every timer) runs on the worker, in the order it was submitted, so a simulation is
 * deterministic; the driver advances virtual time timer by timer, and between two timers waits until the worker has
 * nothing left to do. Time only moves when the driver moves it, and it jumps straight to the next timer: an idle
 * weekend costs nothing.
 *
 * <p>Why not Pekko's {@code ManualTime}: its {@code timePasses} sleeps 100 ms of wall time on every call to let
 * the dispatchers settle, which makes a weekend take minutes; here settling is known exactly, by counting the work
 * in flight.
 *
 * <p>The actor system finds its virtual time through {@link #CONFIG_KEY} in its configuration: the
 * {@link VirtualScheduler} and the {@link VirtualExecutorConfigurator} look the id up in a registry.
 */
final class VirtualTime implements AutoCloseable {

    /** The configuration key holding the id of the system's virtual time. */
    static final String CONFIG_KEY = "interlude.testkit.virtual-time";

    private static final Map<String, VirtualTime> REGISTRY = new ConcurrentHashMap<>();

    private final String id;
    private final Instant origin;
    private final Duration settleTimeout;
    private final ThreadPoolExecutor worker;
    private final Object lock = new Object();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Guarded by {@link #lock}. */
    private long nowNanos;
    /** Guarded by {@link #lock}. */
    private long sequence;
    /** Tasks submitted to the worker and not finished; guarded by {@link #lock}. */
    private long pending;
    /** The first failure of a task on the worker, reported at the next settle; guarded by {@link #lock}. */
    private Throwable failure;
    private long timersFired;
    private final SimulationJournal.Store journal = new SimulationJournal.Store();

    private VirtualTime(Instant origin, Duration settleTimeout) {
        this.id = UUID.randomUUID().toString();
        this.origin = origin;
        this.settleTimeout = settleTimeout;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "interlude-simulation-" + id.substring(0, 8));
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A new virtual time starting at {@code origin}, registered under its id until {@link #close()}. */
    static VirtualTime start(Instant origin, Duration settleTimeout) {
        VirtualTime time = new VirtualTime(origin, settleTimeout);
        REGISTRY.put(time.id, time);
        return time;
    }

    static VirtualTime lookup(String id) {
        VirtualTime time = REGISTRY.get(id);
        if (time == null) {
            throw new IllegalStateException("no virtual time \"" + id + "\" (" + CONFIG_KEY
                    + " must name a running simulation's time)");
        }
        return time;
    }

    String id() {
        return id;
    }

    Instant now() {
        synchronized (lock) {
            return origin.plusNanos(nowNanos);
        }
    }

    /** The simulation's clock, for everything that asks what time it is. */
    InstantSource clock() {
        return this::now;
    }

    /** The simulation's journal: it outlives the supervisors that write to it. */
    SimulationJournal.Store journal() {
        return journal;
    }

    long timersFired() {
        return timersFired;
    }

    // ---- the worker ----

    /** Runs {@code task} on the worker, counting it until it finishes. */
    void execute(Runnable task) {
        synchronized (lock) {
            pending++;
        }
        worker.execute(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                synchronized (lock) {
                    if (failure == null) {
                        failure = t;
                    }
                }
            } finally {
                synchronized (lock) {
                    if (--pending == 0) {
                        lock.notifyAll();
                    }
                }
            }
        });
    }

    /**
     * Waits until the worker has nothing left to do: every message sent has been handled, every future completed
     * that can complete without time passing.
     *
     * @throws IllegalStateException if it does not settle within the settle timeout of wall time (an actor that
     *                               never stops sending itself messages) or a task failed on the worker
     */
    void settle() {
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        synchronized (lock) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the simulated actor system did not settle within "
                            + settleTimeout.toSeconds() + " s of wall time at virtual " + origin.plusNanos(nowNanos)
                            + " (" + pending + " task(s) in flight)");
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the simulation settled", e);
                }
            }
            if (failure != null) {
                Throwable t = failure;
                failure = null;
                throw new IllegalStateException("a task failed on the simulation's worker: " + t, t);
            }
        }
    }

    // ---- timers ----

    Cancellable schedule(long delayNanos, long intervalNanos, Runnable task, ExecutionContext executor) {
        synchronized (lock) {
            Timer timer = new Timer(nowNanos + Math.max(0, delayNanos), Math.max(0, intervalNanos), ++sequence, task,
                    executor);
            timers.add(timer);
            return timer;
        }
    }

    /** The instant of the next timer that is still to fire, if any. */
    java.util.Optional<Instant> nextTimer() {
        synchronized (lock) {
            dropCancelled();
            Timer next = timers.peek();
            return next == null ? java.util.Optional.empty() : java.util.Optional.of(origin.plusNanos(next.due));
        }
    }

    /**
     * Moves virtual time to {@code target}, firing every timer due until then, one at a time in order of due time
     * (then of scheduling), letting the system settle after each. Time never goes backwards: a target in the past
     * only settles.
     */
    void advanceTo(Instant target) {
        advance(target, true);
    }

    /**
     * Like {@link #advanceTo(Instant)}, but a timer due exactly at {@code target} does not fire: what happens at
     * the end of a range [from, to) belongs to the next range.
     */
    void advanceBefore(Instant target) {
        advance(target, false);
    }

    private void advance(Instant target, boolean inclusive) {
        long targetNanos = Duration.between(origin, target).toNanos();
        while (true) {
            settle();
            Timer next;
            synchronized (lock) {
                dropCancelled();
                next = timers.peek();
                if (next == null || next.due > targetNanos || (!inclusive && next.due == targetNanos)) {
                    nowNanos = Math.max(nowNanos, targetNanos);
                    return;
                }
                timers.poll();
                nowNanos = Math.max(nowNanos, next.due);
                if (next.interval > 0) {
                    next.due += next.interval;
                    next.order = ++sequence;
                    timers.add(next);
                } else {
                    next.fired = true;
                }
                timersFired++;
            }
            Timer fire = next;
            // Through the worker: whatever executor the timer names (a dispatcher, or the caller's thread), its
            // work is counted and ordered with everything else.
            execute(() -> fire.executor.execute(fire.task));
        }
    }

    private void dropCancelled() {
        while (!timers.isEmpty() && timers.peek().cancelled) {
            timers.poll();
        }
    }

    @Override
    public void close() {
        REGISTRY.remove(id);
        worker.shutdownNow();
    }

    /** The executor every dispatcher of the simulated system shares; shutting a dispatcher down leaves it running. */
    java.util.concurrent.ExecutorService executorService() {
        return new SharedExecutor(this);
    }

    private final class Timer implements Cancellable, Comparable<Timer> {
        private long due;
        private final long interval;
        private long order;
        private final Runnable task;
        private final ExecutionContext executor;
        private volatile boolean cancelled;
        private volatile boolean fired;

        Timer(long due, long interval, long order, Runnable task, ExecutionContext executor) {
            this.due = due;
            this.interval = interval;
            this.order = order;
            this.task = task;
            this.executor = executor;
        }

        @Override
        public boolean cancel() {
            synchronized (lock) {
                if (cancelled || fired) {
                    return false;
                }
                cancelled = true;
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public int compareTo(Timer other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(order, other.order);
        }
    }
}
