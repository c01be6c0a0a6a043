package dev.interlude.core.task;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runs when a task runs. Handlers come only from the catalog and the registry of named Java handlers: no class
 * is ever loaded by a name sent over the API, a task defined over the API may only name a registered Java handler,
 * and it may run a command only where the node's configuration explicitly allows it.
 */
public sealed interface HandlerSpec {

    /** The handler type as written in the catalog: {@code java}, {@code command}, {@code http}, {@code simulated}. */
    String type();

    /** An in-process handler registered under {@code name}, with string settings. */
    record Java(String name, Map<String, String> settings) implements HandlerSpec {
        public Java {
            settings = Map.copyOf(settings);
        }

        @Override
        public String type() {
            return "java";
        }
    }

    /**
     * A subprocess: {@code argv} (no shell), working directory, extra environment, optional memory limit in MB.
     * The run's timeout comes from the task.
     */
    record Command(List<String> argv, Optional<String> workingDirectory, Map<String, String> environment,
                   Optional<Integer> memoryLimitMb) implements HandlerSpec {
        public Command {
            argv = List.copyOf(argv);
            environment = Map.copyOf(environment);
        }

        @Override
        public String type() {
            return "command";
        }
    }

    /** An HTTP call: method, URL, headers and an optional body. */
    record Http(String method, URI url, Map<String, String> headers, Optional<String> body) implements HandlerSpec {
        public Http {
            headers = Map.copyOf(headers);
        }

        @Override
        public String type() {
            return "http";
        }
    }

    /**
     * For simulations: takes the task's estimated duration (or {@code duration}) on the scheduler's time and fails
     * with probability {@code failureProbability}.
     */
    record Simulated(Optional<Duration> duration, double failureProbability) implements HandlerSpec {
        @Override
        public String type() {
            return "simulated";
        }
    }
}
