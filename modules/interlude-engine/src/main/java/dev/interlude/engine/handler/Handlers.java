package dev.interlude.engine.handler;

import dev.interlude.core.config.Problem;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;

/**
 * Turns a task's {@link HandlerSpec} into the {@link TaskHandler} that runs it. One instance per node: it owns what
 * handlers share (the HTTP client, the circuit breakers per endpoint, the blocking executor, the settings).
 */
public final class Handlers {

    /** The dispatcher blocking handler work runs on (subprocess pipes, Java handlers). */
    public static final String BLOCKING_DISPATCHER = "interlude.blocking-dispatcher";

    private static final Logger log = LoggerFactory.getLogger(Handlers.class);

    private final HandlerRegistry registry;
    private final HandlerSettings settings;
    private final Executor blocking;
    private final Scheduler scheduler;
    private final ExecutionContext executionContext;
    private final HttpClient httpClient;
    private final CircuitBreakers breakers;

    private Handlers(HandlerRegistry registry, HandlerSettings settings, Executor blocking, Scheduler scheduler,
                     ExecutionContext executionContext, HttpClient httpClient, CircuitBreakers breakers) {
        this.registry = registry;
        this.settings = settings;
        this.blocking = blocking;
        this.scheduler = scheduler;
        this.executionContext = executionContext;
        this.httpClient = httpClient;
        this.breakers = breakers;
    }

    /** The node's handlers, with {@code interlude.handlers} from the system's configuration. */
    public static Handlers create(ActorSystem<?> system, HandlerRegistry registry) {
        return create(system, registry, HandlerSettings.create(system.settings().config()));
    }

    public static Handlers create(ActorSystem<?> system, HandlerRegistry registry, HandlerSettings settings) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(settings, "settings");
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(BLOCKING_DISPATCHER));
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(settings.http().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        CircuitBreakers breakers = new CircuitBreakers(settings.http().circuitBreaker(),
                Adapter.toClassic(system).scheduler(), system.executionContext());
        return new Handlers(registry, settings, blocking, system.scheduler(), system.executionContext(), client,
                breakers);
    }

    /**
     * The handler for {@code spec}.
     *
     * @throws IllegalStateException for a Java handler that is not registered: {@link #validate(TaskCatalog)} at
     *                               start keeps that from happening
     */
    public TaskHandler handlerFor(HandlerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec instanceof HandlerSpec.Java java) {
            TaskHandler handler = registry.lookup(java.name()).orElseThrow(() -> new IllegalStateException(
                    "unknown Java handler \"" + java.name() + "\", registered: " + registry.names()));
            return guarded(java.name(), handler);
        }
        if (spec instanceof HandlerSpec.Command command) {
            return new CommandTaskHandler(command, settings.command(), blocking);
        }
        if (spec instanceof HandlerSpec.Http http) {
            return new HttpTaskHandler(http, httpClient, breakers, settings.http());
        }
        if (spec instanceof HandlerSpec.Simulated simulated) {
            return new SimulatedTaskHandler(simulated, scheduler, executionContext);
        }
        throw new IllegalArgumentException("no handler for " + spec);
    }

    public TaskHandler handlerFor(TaskSpec task) {
        return handlerFor(task.handler());
    }

    /** The catalog's problems with handlers (unknown Java handler names), by path. */
    public List<Problem> validate(TaskCatalog catalog) {
        return registry.validate(catalog);
    }

    /** True while the circuit breaker of {@code url}'s endpoint is open: a block reason for the planner. */
    public boolean isBreakerOpen(URI url) {
        return breakers.isOpen(url);
    }

    /** True if {@code task} is an HTTP task whose endpoint's breaker is open. */
    public boolean isBreakerOpen(TaskSpec task) {
        return task.handler() instanceof HandlerSpec.Http http && breakers.isOpen(http.url());
    }

    public CircuitBreakers circuitBreakers() {
        return breakers;
    }

    public HandlerRegistry registry() {
        return registry;
    }

    public HandlerSettings settings() {
        return settings;
    }

    /**
     * A Java handler made safe to call: invoked on the blocking executor (it may block), a thrown exception or a
     * failed stage becomes a failure result, and cancellation completes the attempt as cancelled at once, whether or
     * not the handler stops its own work (in-process work cannot be killed; a well-behaved handler observes it).
     */
    private TaskHandler guarded(String name, TaskHandler handler) {
        return context -> {
            CompletableFuture<TaskResult> result = new CompletableFuture<>();
            CompletableFuture.supplyAsync(() -> handler.run(context), blocking)
                    .thenCompose(stage -> Objects.requireNonNull(stage, "the handler returned no stage"))
                    .whenComplete((value, failure) -> {
                        if (failure != null) {
                            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure;
                            log.warn("run {}: Java handler {} failed", context.runId(), name, cause);
                            result.complete(TaskResult.failure("Java handler " + name + " failed: " + cause));
                        } else if (value == null) {
                            result.complete(TaskResult.failure("Java handler " + name + " returned no result"));
                        } else {
                            result.complete(value);
                        }
                    });
            context.cancellation().whenCancelled()
                    .thenAccept(reason -> result.complete(TaskResult.cancelled(reason)));
            return result;
        };
    }
}
