package dev.interlude.testkit;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * The executor of every dispatcher of a simulated actor system ({@code executor = "<this class>"}): all of them run
 * on the one worker thread of the system's {@link VirtualTime}, so the order of everything is the order it was
 * sent in, and the simulation knows when the system has settled.
 */
public final class VirtualExecutorConfigurator extends ExecutorServiceConfigurator {

    private final VirtualTime time;

    public VirtualExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        this.time = VirtualTime.lookup(prerequisites.settings().config().getString(VirtualTime.CONFIG_KEY));
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        return time::executorService;
    }
}
