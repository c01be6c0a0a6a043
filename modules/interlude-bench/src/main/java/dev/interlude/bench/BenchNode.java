package dev.interlude.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.MemoryBudget;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.plan.PlannerSettings;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.RetryPolicy;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.TaskSpecBuilder;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.Node;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.journal.Journal;
import dev.interlude.engine.journal.JournalSettings;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A real Interlude node in this JVM, on a real journal (an H2 file or a PostgreSQL schema), on the wall clock: the
 * cluster of one, the supervisor as its singleton, the status hub, the runners and the in-process handlers the
 * scenario registers. Nothing is mocked; only the catalog and the limits are the benchmark's.
 */
final class BenchNode implements AutoCloseable {

    /** How long a node may take to form its cluster of one, prepare its journal and recover its supervisor. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Limits high enough that only the engine itself limits throughput: runs in flight at once (the planner's global
     * limit and each benchmark task's own) and a fixed memory budget.
     */
    static final int MAX_IN_FLIGHT = 100_000;
    static final PlannerConfig UNLIMITED = new PlannerConfig(PlannerSettings.DEFAULT,
            new MemoryBudget.Fixed(1_048_576), MAX_IN_FLIGHT, Map.of());

    final ActorSystem<Node.Command> system;
    final ActorRef<Supervisor.Command> supervisor;
    final ActorRef<StatusHub.Command> hub;
    /** From the actor system's creation until the supervisor first answered {@code GetState} (it has recovered). */
    final Duration startup;
    /** From the supervisor's reference being handed out until it first answered {@code GetState}. */
    final Duration recovery;
    /** The state the supervisor answered first (right after its recovery). */
    final SupervisorState recoveredState;

    private BenchNode(ActorSystem<Node.Command> system, ActorRef<Supervisor.Command> supervisor,
                      ActorRef<StatusHub.Command> hub, Duration startup, Duration recovery,
                      SupervisorState recoveredState) {
        this.system = system;
        this.supervisor = supervisor;
        this.hub = hub;
        this.startup = startup;
        this.recovery = recovery;
        this.recoveredState = recoveredState;
    }

    /** Where a benchmark node journals. */
    sealed interface Store {
        JournalSettings settings();

        /** Creates the journal's tables (the PostgreSQL schema is made by {@link Postgres} beforehand). */
        Function<ActorSystem<?>, CompletionStage<Done>> prepare();

        String describe();
    }

    /** An H2 file (the product's default journal, with its durability settings). */
    record H2(Path file) implements Store {
        @Override
        public JournalSettings settings() {
            return new JournalSettings(JournalSettings.Backend.H2, new JournalSettings.H2File(file),
                    new JournalSettings.PostgresServer("jdbc:postgresql://unused", "unused", ""), 4,
                    Duration.ofSeconds(10), true);
        }

        @Override
        public Function<ActorSystem<?>, CompletionStage<Done>> prepare() {
            return Journal::createSchema;
        }

        @Override
        public String describe() {
            return "H2 " + file;
        }
    }

    /** A PostgreSQL schema whose journal tables {@link Postgres#freshJournalSchema} created. */
    record Pg(Postgres server, String schema) implements Store {
        @Override
        public JournalSettings settings() {
            return new JournalSettings(JournalSettings.Backend.POSTGRES,
                    new JournalSettings.H2File(Path.of("unused")),
                    new JournalSettings.PostgresServer(server.urlWithSchema(schema), server.user(), ""), 4,
                    Duration.ofSeconds(10), false);
        }

        @Override
        public Function<ActorSystem<?>, CompletionStage<Done>> prepare() {
            return system -> CompletableFuture.completedFuture(Done.getInstance());
        }

        @Override
        public String describe() {
            return "PostgreSQL " + server.url() + " schema " + schema;
        }
    }

    /**
     * A task for the benchmarks: allowed in every phase, as many runs at once as the node allows, no retry, its
     * estimate small and extendable (the research budget never holds it back), a generous timeout.
     */
    static TaskSpecBuilder task(String name, Trigger trigger, String handler) {
        return TaskSpecBuilder.task(name)
                .phases(EnumSet.allOf(Phase.class))
                .trigger(trigger)
                .handler(new HandlerSpec.Java(handler, Map.of()))
                .memoryMb(0)
                .estimate(Duration.ofSeconds(1))
                .timeout(Duration.ofMinutes(5))
                .extendable(true)
                .retry(RetryPolicy.NONE)
                .maxConcurrentRuns(MAX_IN_FLIGHT);
    }

    static TaskCatalog catalog(TaskSpec... tasks) {
        return new TaskCatalog(java.util.List.of(tasks));
    }

    /** Starts a node and waits until its supervisor has recovered and answers. */
    static BenchNode start(Store store, TaskCatalog catalog, HandlerRegistry registry, Config overrides)
            throws Exception {
        return start(store, catalog, registry, overrides, START_TIMEOUT);
    }

    /** Starts a node and waits up to {@code timeout} for its supervisor to have recovered and to answer. */
    static BenchNode start(Store store, TaskCatalog catalog, HandlerRegistry registry, Config overrides,
                           Duration timeout) throws Exception {
        Config base = overrides
                .withFallback(ConfigFactory.parseMap(Map.of(
                        "interlude.node.port", 0,
                        "interlude.supervisor.stop-file", "",
                        "interlude.supervisor.drain-timeout", "1s",
                        "pekko.loglevel", "WARNING",
                        "pekko.loggers", java.util.List.of("org.apache.pekko.event.slf4j.Slf4jLogger"),
                        "pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter")))
                .withFallback(ConfigFactory.load());
        Config config = Journal.config(store.settings()).withFallback(Node.systemConfig(base)).withFallback(base);
        long started = System.nanoTime();
        ActorSystem<Node.Command> system = ActorSystem.create(Node.create(new Node.Setup(catalog,
                new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT), UNLIMITED, Clock.systemUTC(),
                registry, store.prepare())), "interlude-bench", config);
        try {
            ActorRef<Supervisor.Command> supervisor = AskPattern.<Node.Command, ActorRef<Supervisor.Command>>ask(
                    system, Node.GetSupervisor::new, timeout.plusSeconds(5), system.scheduler())
                    .toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
            long handedOut = System.nanoTime();
            // The asks outlast the waits, so a node that is too slow ends in a TimeoutException here.
            SupervisorState state = AskPattern.<Supervisor.Command, SupervisorState>ask(supervisor,
                            Supervisor.GetState::new, timeout.plusSeconds(5), system.scheduler())
                    .toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
            long answered = System.nanoTime();
            ActorRef<StatusHub.Command> hub = AskPattern.<Node.Command, ActorRef<StatusHub.Command>>ask(
                    system, Node.GetStatusHub::new, START_TIMEOUT, system.scheduler())
                    .toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new BenchNode(system, supervisor, hub, Duration.ofNanos(answered - started),
                    Duration.ofNanos(answered - handedOut), state);
        } catch (Exception e) {
            terminate(system);
            throw e;
        }
    }

    /** Subscribes {@code subscriber} (spawned as a system actor) to the live status feed. */
    ActorRef<StatusEvent> subscribe(Behavior<StatusEvent> subscriber, String name) {
        ActorRef<StatusEvent> ref = system.systemActorOf(subscriber, name, Props.empty());
        hub.tell(new StatusHub.Subscribe(ref, Optional.empty()));
        return ref;
    }

    SupervisorState state() throws Exception {
        return AskPattern.<Supervisor.Command, SupervisorState>ask(supervisor, Supervisor.GetState::new,
                START_TIMEOUT, system.scheduler()).toCompletableFuture().get(START_TIMEOUT.toSeconds(),
                TimeUnit.SECONDS);
    }

    /** Stops dispatch (journaled, as an operator's stop): nothing new starts. */
    void stopDispatch() throws Exception {
        AskPattern.<Supervisor.Command, org.apache.pekko.pattern.StatusReply<Done>>ask(supervisor,
                        replyTo -> new Supervisor.Stop("bench", "benchmark", false, replyTo), START_TIMEOUT,
                        system.scheduler())
                .toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        terminate(system);
    }

    private static void terminate(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("the benchmark node did not stop within 60 s: " + e);
        }
    }
}
