package dev.interlude.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.engine.handler.CircuitBreakers;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.handler.TaskHandler;
import dev.interlude.engine.handler.Handlers;
import dev.interlude.engine.runner.RunnerLauncher;
import dev.interlude.engine.status.StatusFeed;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.status.StatusSettings;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorSettings;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * One Interlude node: a member of a Pekko cluster (joining itself when no seed nodes are configured, so one machine
 * and many take the same code path), hosting the supervisor as the cluster's singleton once its journal is ready.
 * The guardian only wires.
 */
public final class Node {

    /** This product's actor system's name, which every seed node address names. */
    public static final String SYSTEM_NAME = "interlude";


    /** What a node runs with. {@code prepareJournal} creates the journal's schema (idempotently) before anything runs. */
    public record Setup(TaskCatalog catalog, TradingWindows windows, PlannerConfig planner, InstantSource clock,
                        HandlerRegistry registry, Function<ActorSystem<?>, CompletionStage<Done>> prepareJournal) {
    }

    public sealed interface Command {
    }

    /** Answers the supervisor's (singleton proxy) reference once the journal is ready. */
    public record GetSupervisor(ActorRef<ActorRef<Supervisor.Command>> replyTo) implements Command {
    }

    /** Answers this node's status hub (subscribe to it for the status feed) once the node runs. */
    public record GetStatusHub(ActorRef<ActorRef<StatusHub.Command>> replyTo) implements Command {
    }

    private record JournalReady(Optional<Throwable> failure) implements Command {
    }

    private Node() {
    }

    /**
     * The Pekko settings a node needs, from {@code interlude.node} and {@code interlude.supervisor}: the cluster
     * provider, this node's address, seed nodes, split-brain resolver, and room in the shutdown for the drain. Put
     * it in front of the node's configuration when creating the actor system.
     */
    public static Config systemConfig(Config root) {
        Config node = root.getConfig("interlude.node");
        long drainSeconds = root.getDuration("interlude.supervisor.drain-timeout").toSeconds();
        return ConfigFactory.parseMap(Map.of(
                        "pekko.coordinated-shutdown.phases.service-requests-done.timeout",
                        (drainSeconds + 10) + "s"))
                .withFallback(ConfigFactory.parseMap(Map.of(
                        "pekko.actor.provider", "cluster",
                        "pekko.cluster.downing-provider-class",
                        "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
                        "pekko.remote.artery.canonical.hostname", node.getString("hostname"),
                        "pekko.remote.artery.canonical.port", node.getInt("port"),
                        "pekko.scheduler.tick-duration", node.getDuration("scheduler-tick").toMillis() + "ms",
                        // how soon a node that stopped answering counts as gone: its supervisor then moves (see
                        // interlude.node.failover in reference.conf for the trade-off)
                        "pekko.cluster.failure-detector.acceptable-heartbeat-pause",
                        millis(node.getDuration("failover.heartbeat-pause")),
                        "pekko.cluster.split-brain-resolver.stable-after",
                        millis(node.getDuration("failover.stable-after")))))
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedNodes(node)));
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + "ms";
    }

    /** {@code interlude.node.seed-nodes}: a list, or one string of addresses separated by commas. */
    static List<String> seedNodes(Config node) {
        if (node.getValue("seed-nodes").valueType() == ConfigValueType.STRING) {
            return splitSeedNodes(node.getString("seed-nodes"));
        }
        return node.getStringList("seed-nodes");
    }

    static List<String> splitSeedNodes(String seeds) {
        return Arrays.stream(seeds.split(",")).map(String::strip).filter(seed -> !seed.isEmpty()).toList();
    }

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.withStash(100, stash -> Behaviors.setup(context -> {
            ActorSystem<?> system = context.getSystem();
            if (!CommonPool.sharesThreads()) {
                context.getLog().warn("the JVM's common pool has {} thread(s): every callback of an ask starts a "
                        + "thread of its own; start the JVM with -D{}={} (the interlude command does)",
                        ForkJoinPool.getCommonPoolParallelism(), CommonPool.PARALLELISM, CommonPool.AT_LEAST);
            }
            Cluster cluster = Cluster.get(system);
            List<String> seeds = system.settings().config().getStringList("pekko.cluster.seed-nodes");
            if (seeds.isEmpty()) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            }
            context.pipeToSelf(setup.prepareJournal().apply(system),
                    (done, failure) -> new JournalReady(Optional.ofNullable(failure)));
            return Behaviors.receive(Command.class)
                    .onMessage(JournalReady.class, ready -> {
                        if (ready.failure().isPresent()) {
                            context.getLog().error("the journal could not be prepared; stopping the node: {}",
                                    ready.failure().get().getMessage());
                            return Behaviors.stopped();
                        }
                        StatusSettings statusSettings = StatusSettings.create(system.settings().config());
                        ActorRef<StatusHub.Command> hub = context.spawn(StatusHub.create(statusSettings), "status");
                        return stash.unstashAll(running(startSupervisor(system, setup, hub, statusSettings), hub));
                    })
                    .onMessage(GetSupervisor.class, get -> {
                        stash.stash(get); // answered once the supervisor runs
                        return Behaviors.same();
                    })
                    .onMessage(GetStatusHub.class, get -> {
                        stash.stash(get);
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    private static Behavior<Command> running(ActorRef<Supervisor.Command> supervisor,
                                             ActorRef<StatusHub.Command> statusHub) {
        return Behaviors.receive(Command.class)
                .onMessage(GetSupervisor.class, get -> {
                    get.replyTo().tell(supervisor);
                    return Behaviors.same();
                })
                .onMessage(GetStatusHub.class, get -> {
                    get.replyTo().tell(statusHub);
                    return Behaviors.same();
                })
                .build();
    }

    private static ActorRef<Supervisor.Command> startSupervisor(ActorSystem<?> system, Setup setup,
                                                               ActorRef<StatusHub.Command> statusHub,
                                                               StatusSettings statusSettings) {
        Handlers handlers = Handlers.create(system, setup.registry());
        boolean dryRun = system.settings().config().getBoolean("interlude.dry-run");
        if (dryRun) {
            system.log().warn("dry run: every task runs a simulated handler for its estimated duration");
        }
        Function<TaskSpec, TaskHandler> handlerFor = dryRun
                ? task -> handlers.handlerFor(new HandlerSpec.Simulated(Optional.empty(), 0.0))
                : handlers::handlerFor;
        Supervisor.Setup supervisor = new Supervisor.Setup(Supervisor.PERSISTENCE_ID, setup.catalog(),
                setup.windows(), setup.planner(), setup.clock(), SupervisorSettings.create(system.settings().config()),
                context -> new RunnerLauncher(context, handlerFor, setup.clock()),
                () -> unavailable(setup.catalog(), handlers),
                () -> StatusFeed.to(statusHub, statusSettings));
        // A journal failure is handled inside the supervisor (it restarts with backoff and keeps its runners); any
        // other failure restarts it here, with backoff, so dispatch never stays dead on this node.
        Behavior<Supervisor.Command> supervised = Behaviors.supervise(Supervisor.create(supervisor))
                .onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1),
                        Duration.ofSeconds(30), 0.2));
        ActorRef<Supervisor.Command> ref =
                ClusterSingleton.get(system).init(SingletonActor.of(supervised, "supervisor"));
        drainOnShutdown(system, ref);
        return ref;
    }

    /** HTTP tasks whose endpoint's circuit breaker is open: they wait instead of spending an attempt. */
    private static Map<String, String> unavailable(TaskCatalog catalog, Handlers handlers) {
        if (handlers.circuitBreakers().openEndpoints().isEmpty()) {
            return Map.of();
        }
        Map<String, String> blocked = new HashMap<>();
        for (TaskSpec task : catalog.tasks()) {
            if (task.handler() instanceof HandlerSpec.Http http && handlers.isBreakerOpen(task)) {
                blocked.put(task.name(), "circuit breaker open for "
                        + CircuitBreakers.endpoint(http.url()));
            }
        }
        return blocked;
    }

    /**
     * On a graceful shutdown (SIGTERM, Ctrl-C) of the node that hosts the supervisor, runs in flight may finish for
     * {@code interlude.supervisor.drain-timeout} before the node leaves the cluster; what is still running then is
     * recorded as interrupted and retried when a supervisor runs again.
     */
    private static void drainOnShutdown(ActorSystem<?> system, ActorRef<Supervisor.Command> supervisor) {
        Duration drainTimeout = system.settings().config().getDuration("interlude.supervisor.drain-timeout");
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "drain-runs", () -> {
            if (!hostsSingleton(Cluster.get(system))) {
                return CompletableFuture.completedFuture(Done.getInstance());
            }
            return AskPattern.<Supervisor.Command, Done>ask(supervisor,
                    replyTo -> new Supervisor.Drain(drainTimeout, replyTo), drainTimeout.plusSeconds(5),
                    system.scheduler());
        });
    }

    /** The singleton lives on the oldest member that is up. */
    private static boolean hostsSingleton(Cluster cluster) {
        Member self = cluster.selfMember();
        for (Member member : cluster.state().getMembers()) {
            if (member.status() == MemberStatus.up() && !member.equals(self) && member.isOlderThan(self)) {
                return false;
            }
        }
        return true;
    }
}
