package dev.interlude.testkit;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One dispatcher's view of the simulation's worker: work goes to {@link VirtualTime#execute(Runnable)}; shutting
 * the view down (as a dispatcher does when it has been idle) only closes the view, the worker belongs to the
 * simulation.
 */
final class SharedExecutor extends AbstractExecutorService {

    private final VirtualTime time;
    private volatile boolean shutdown;

    SharedExecutor(VirtualTime time) {
        this.time = time;
    }

    @Override
    public void execute(Runnable command) {
        time.execute(command);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
