package dev.interlude.app;

import com.typesafe.config.Config;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.engine.Node;
import dev.interlude.engine.handler.CommandGuard;
import dev.interlude.engine.handler.CommandProcesses;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.handler.HandlerSettings;
import dev.interlude.engine.journal.Journal;
import dev.interlude.engine.journal.JournalSettings;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.hardware.LedBoard;
import dev.interlude.hardware.LedSettings;
import dev.interlude.http.ApiRoutes;
import dev.interlude.http.HealthWatch;
import dev.interlude.http.HttpServer;
import dev.interlude.http.HttpSettings;
import dev.interlude.http.JournalEvents;
import dev.interlude.http.LiveNode;
import dev.interlude.http.Monitoring;
import dev.interlude.http.MonitoringSettings;
import dev.interlude.http.NodeApi;
import dev.interlude.http.webhook.WebhookSettings;
import dev.interlude.http.webhook.Webhooks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code interlude run}: a node on this machine, on the embedded journal by default. It checks everything first
 * (configuration, catalog, Java handlers, journal settings) and refuses to start with the list of problems; then
 * it runs until SIGTERM or Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a node: follow the exchange's clock, start what the planner decides, journal every "
                + "outcome. Stops on SIGTERM or Ctrl-C.")
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    /** How long the node may take to prepare its journal and start its supervisor before it serves HTTP. */
    private static final Duration NODE_START = Duration.ofSeconds(60);

    @ParentCommand
    private Interlude parent;

    @Option(names = "--tasks", paramLabel = "FILE", description = "Task catalog (default: interlude.tasks-file).")
    private Path tasks;

    @Override
    public Integer call() {
        Setup setup = parent.setup();
        List<Problem> problems = new ArrayList<>();
        TaskCatalog catalog = Setup.collect(() -> setup.checkAll(tasks), problems);
        HandlerRegistry registry = HandlerRegistry.fromServiceLoader();
        if (catalog != null) {
            problems.addAll(registry.validate(catalog));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Config config = setup.nodeConfig();
        JournalSettings journal = JournalSettings.load(config);
        NodeLogging.configure(setup.environment());
        compactJournal(journal);
        HandlerSettings.Command commands = HandlerSettings.create(config).command();
        stopLeftoverCommands(commands);
        guardCommands(commands);
        TradingWindows windows = setup.windows();
        Config nodeConfig = setup.actorSystemConfig(journal);
        log.info("starting a node: calendar {}, {} task(s) from {}, journal {}", setup.calendar().calendar().id(),
                catalog.size(), setup.tasksFile(tasks), journal);
        // Why the node could not prepare its journal, if it could not: it then stops, and this command says why.
        AtomicReference<Throwable> notPrepared = new AtomicReference<>();
        ActorSystem<Node.Command> system = ActorSystem.create(Node.create(new Node.Setup(catalog, windows,
                setup.planner(), parent.clock, registry, actors -> noting(Journal.preparation(journal).apply(actors),
                notPrepared))), Node.SYSTEM_NAME, nodeConfig);
        HttpSettings http = HttpSettings.load(config);
        if (http.enabled()) {
            Optional<String> failure = serve(system, http, new NodeParts(catalog, windows, setup.planner(),
                    parent.clock, registry, MonitoringSettings.load(config)));
            if (failure.isPresent()) {
                throwIfNotPrepared(system, journal, notPrepared);
                throw stopNode(system, "interlude.http.port", failure.get());
            }
        }
        Optional<String> board = showBoard(system, LedSettings.load(config), parent.clock);
        if (board.isPresent()) {
            throw stopNode(system, "interlude.hardware", board.get());
        }
        WebhookSettings webhooks = WebhookSettings.load(config);
        if (webhooks.enabled()) {
            Optional<String> failure = deliverWebhooks(system, webhooks, parent.clock);
            if (failure.isPresent()) {
                throw stopNode(system, "interlude.webhooks", failure.get());
            }
        }
        system.getWhenTerminated().toCompletableFuture().join();
        throwIfNotPrepared(system, journal, notPrepared);
        return Interlude.OK;
    }

    /** {@code preparing}, with its failure (if it fails) noted in {@code failure}. */
    private static CompletionStage<Done> noting(CompletionStage<Done> preparing, AtomicReference<Throwable> failure) {
        return preparing.whenComplete((done, failed) -> {
            if (failed != null) {
                failure.set(failed);
            }
        });
    }

    /**
     * The node stops when it cannot prepare its journal (the database unreachable, its tables missing where it may
     * not create them): one line saying why, once it has stopped.
     */
    private static void throwIfNotPrepared(ActorSystem<Node.Command> system, JournalSettings journal,
                                           AtomicReference<Throwable> notPrepared) {
        Throwable failure = notPrepared.get();
        if (failure == null) {
            return;
        }
        system.getWhenTerminated().toCompletableFuture().join();
        while ((failure instanceof CompletionException || failure.getMessage() == null) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        String where = Journal.where(journal);
        String why = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        throw new InvalidInputException("interlude.journal", "the node could not prepare its journal"
                + (why.contains(where) ? "" : " in " + where) + ": " + why);
    }

    /**
     * Compacts the embedded journal's file before the node opens it, when most of it is dead space (it only grows
     * while a node runs). A failure is logged and left to the node's own opening of the journal to report.
     */
    private static void compactJournal(JournalSettings journal) {
        try {
            Journal.compact(journal).ifPresent(c -> log.info("compacted the journal from {} KiB to {} KiB in {} ms",
                    c.bytesBefore() / 1024, c.bytesAfter() / 1024, c.took().toMillis()));
        } catch (RuntimeException e) {
            log.warn("could not compact the journal ({}); opening it as it is", e.toString());
        }
    }

    /**
     * Stops the commands a node on this machine left running when it was killed outright, before this node runs
     * their runs again: a run never executes twice at once here.
     */
    private static void stopLeftoverCommands(HandlerSettings.Command settings) {
        settings.processDir().ifPresent(dir -> {
            for (String command : CommandProcesses.in(dir).reapLeftovers(settings.killGrace())) {
                log.warn("stopped a command left running by a node that was killed: {}", command);
            }
        });
    }

    /**
     * Starts the guard that stops this node's commands if the node dies without stopping them (killed outright):
     * in a cluster their runs are retried elsewhere within seconds, and must not run twice at once. A guard that
     * cannot start is logged; the node then relies on the next node on this machine reaping them.
     */
    private static void guardCommands(HandlerSettings.Command settings) {
        settings.processDir().ifPresent(dir -> {
            try {
                Process guard = CommandGuard.start(dir, settings.killGrace());
                log.debug("command guard started: pid {}", guard.pid());
            } catch (IOException e) {
                log.warn("could not start the command guard ({}): commands this node leaves running if it is "
                        + "killed are stopped only when a node starts again on this machine", e.getMessage());
            }
        });
    }

    /** Stops the node that could not start its part at {@code path}; answers the problem to report. */
    private static InvalidInputException stopNode(ActorSystem<Node.Command> system, String path, String failure) {
        log.error("{}: {}; stopping the node", path, failure);
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        return new InvalidInputException(path, failure);
    }

    private record NodeParts(TaskCatalog catalog, TradingWindows windows, PlannerConfig planner,
                             InstantSource clock, HandlerRegistry registry, MonitoringSettings monitoring) {
    }

    /**
     * Starts the route actor once the node runs (its supervisor and status hub answer), and waits until it listens.
     *
     * @return why it could not listen, if it could not
     */
    private static Optional<String> serve(ActorSystem<Node.Command> system, HttpSettings settings, NodeParts parts) {
        try {
            ActorRef<Supervisor.Command> supervisor = whileRunning(system, AskPattern.<Node.Command,
                    ActorRef<Supervisor.Command>>ask(system, Node.GetSupervisor::new, NODE_START, system.scheduler()));
            ActorRef<StatusHub.Command> hub = whileRunning(system, AskPattern.<Node.Command,
                    ActorRef<StatusHub.Command>>ask(system, Node.GetStatusHub::new, NODE_START, system.scheduler()));
            JournalEvents journal = JournalEvents.of(system, Journal.READ_JOURNAL_PLUGIN, Supervisor.PERSISTENCE_ID);
            Monitoring monitoring = Monitoring.start(system, journal, hub, parts.clock(), parts.monitoring());
            NodeApi node = new LiveNode(supervisor, hub, journal, system.scheduler(), parts.catalog(),
                    parts.windows(), parts.planner(), parts.clock(), parts.registry(), monitoring,
                    () -> Cluster.get(system).selfMember().status().toString());
            system.systemActorOf(HealthWatch.create(node, parts.monitoring().checkEvery()), "health-watch",
                    Props.empty());
            ActorRef<HttpServer.Command> server = system.systemActorOf(
                    HttpServer.create(settings, new ApiRoutes(node, settings).route()), "http", Props.empty());
            HttpServer.Binding binding = AskPattern.<HttpServer.Command, HttpServer.Binding>ask(server,
                    HttpServer.GetBinding::new, NODE_START, system.scheduler()).toCompletableFuture().join();
            return binding.failure();
        } catch (CompletionException e) {
            return Optional.of(notStarted(e));
        }
    }

    /**
     * Starts the webhooks once the node runs: one actor per cluster (a singleton, like the supervisor), since every
     * node's status hub carries the whole cluster's feed and one actor per node would deliver each event once per
     * node. It subscribes to the hub of the node it runs on.
     *
     * @return why they could not start, if they could not
     */
    private static Optional<String> deliverWebhooks(ActorSystem<Node.Command> system, WebhookSettings settings,
                                                    InstantSource clock) {
        return onTheHub(system, hub -> ClusterSingleton.get(system)
                .init(SingletonActor.of(Webhooks.create(settings, hub, clock), "webhooks")));
    }

    /**
     * Starts the LED board once the node runs: one per node (it shows the board on this machine's desk), always,
     * with the {@code none} driver when no device is configured. Its device failures never reach the node.
     *
     * @return why it could not start, if it could not
     */
    private static Optional<String> showBoard(ActorSystem<Node.Command> system, LedSettings settings,
                                              InstantSource clock) {
        return onTheHub(system, hub -> system.systemActorOf(LedBoard.create(settings, settings.device(), hub, clock),
                "led-board", Props.empty()));
    }

    /** Starts what follows the status feed, once the node's hub answers; why it could not, if it could not. */
    private static Optional<String> onTheHub(ActorSystem<Node.Command> system,
                                             java.util.function.Consumer<ActorRef<StatusHub.Command>> start) {
        try {
            start.accept(statusHub(system));
            return Optional.empty();
        } catch (CompletionException e) {
            return Optional.of(notStarted(e));
        }
    }

    /** The node's status hub, once the node runs. */
    private static ActorRef<StatusHub.Command> statusHub(ActorSystem<Node.Command> system) {
        return AskPattern.<Node.Command, ActorRef<StatusHub.Command>>ask(
                system, Node.GetStatusHub::new, NODE_START, system.scheduler()).toCompletableFuture().join();
    }

    /** The answer, or a failure as soon as the node stops (it does when it cannot prepare its journal). */
    private static <T> T whileRunning(ActorSystem<?> system, CompletionStage<T> answer) {
        CompletableFuture<T> answered = answer.toCompletableFuture();
        CompletableFuture.anyOf(answered, system.getWhenTerminated().toCompletableFuture()).join();
        if (!answered.isDone()) {
            throw new CompletionException(new NodeStopped());
        }
        return answered.join();
    }

    /** The node stopped before it answered (its log says why). */
    private static final class NodeStopped extends RuntimeException {
        NodeStopped() {
            super("the node stopped while starting (its log says why)", null, false, false);
        }
    }

    private static String notStarted(CompletionException e) {
        if (e.getCause() instanceof NodeStopped stopped) {
            return stopped.getMessage();
        }
        return "the node did not start within " + NODE_START.toSeconds() + " s ("
                + e.getCause().getClass().getSimpleName() + ")";
    }
}
