package dev.interlude.testkit;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.event.LoggingAdapter;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/**
 * The simulated actor system's scheduler ({@code pekko.scheduler.implementation}): every timer of the system, the
 * supervisor's wake-ups, the runners' retries and time limits, the simulated handlers' durations, goes into the
 * {@link VirtualTime} named by {@value VirtualTime#CONFIG_KEY} and fires when the simulation advances past it.
 */
public final class VirtualScheduler implements Scheduler {

    private final VirtualTime time;

    /** The constructor Pekko calls: the system's configuration, a log, and a thread factory this does not need. */
    public VirtualScheduler(Config config, LoggingAdapter log, ThreadFactory threadFactory) {
        this.time = VirtualTime.lookup(config.getString(VirtualTime.CONFIG_KEY));
    }

    @Override
    public Cancellable schedule(FiniteDuration initialDelay, FiniteDuration interval, Runnable runnable,
                                ExecutionContext executor) {
        return time.schedule(initialDelay.toNanos(), Math.max(1, interval.toNanos()), runnable, executor);
    }

    @Override
    public Cancellable scheduleOnce(FiniteDuration delay, Runnable runnable, ExecutionContext executor) {
        return time.schedule(delay.toNanos(), 0, runnable, executor);
    }

    /** Any frequency: virtual time has no tick. */
    @Override
    public double maxFrequency() {
        return 1.0e9;
    }
}
