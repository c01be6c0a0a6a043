package dev.interlude.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.MemoryBudget;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.handler.Handlers;
import dev.interlude.engine.handler.TaskResult;
import dev.interlude.engine.runner.RunnerLauncher;
import dev.interlude.engine.status.StatusFeed;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.status.StatusSettings;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorSettings;
import dev.interlude.engine.supervisor.SupervisorState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.query.javadsl.PersistenceTestKitReadJournal;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * A node for the HTTP tests: the real supervisor (in-memory journal, every handler simulated), the status hub, and
 * the routes bound on a free port of 127.0.0.1, with a client that speaks to them.
 */
public final class TestNode implements AutoCloseable {

    public static final String TOKEN = "test-token-5f1c";

    /** The name of the one Java handler registered on a test node. */
    static final String JAVA_HANDLER = "backup";

    /**
     * A small catalog: a manual task that takes 200 ms, a research task, one that needs approval; a manual research
     * task that conflicts with the research task, a manual task that takes 2 s, and a disabled one.
     */
    static final String CATALOG = """
            tasks {
              quick_report {
                priority = HIGH
                modes = [PREP, TRADING, RESEARCH]
                trigger { type = manual }
                estimated-duration = 200ms
                timeout = 5s
                handler { type = simulated, duration = 200ms }
              }
              nightly_backtest {
                priority = MEDIUM
                modes = [RESEARCH]
                trigger { type = every-window, scope = window }
                estimated-duration = 3h
                handler { type = simulated }
              }
              risky_model {
                priority = LOW
                modes = [RESEARCH]
                trigger { type = manual }
                requires-approval = true
                estimated-duration = 1h
                handler { type = simulated }
              }
              after_backtest {
                priority = LOW
                modes = [RESEARCH]
                trigger { type = manual }
                conflicts = [nightly_backtest]
                estimated-duration = 30m
                handler { type = simulated }
              }
              slow_report {
                priority = HIGH
                modes = [PREP, TRADING, RESEARCH]
                trigger { type = manual }
                estimated-duration = 2s
                timeout = 10s
                handler { type = simulated, duration = 2s }
              }
              retired_export {
                priority = LOW
                modes = [PREP, TRADING, RESEARCH]
                trigger { type = manual }
                enabled = false
                handler { type = simulated }
              }
            }
            """;

    /** A Saturday noon in New York: the weekend research window runs from Friday 18:00 to Monday 08:00. */
    static final Instant SATURDAY_NOON = Instant.parse("2026-11-21T17:00:00Z");

    public final ActorTestKit kit;
    public final NodeApi node;
    final ActorRef<Supervisor.Command> supervisor;
    /** This node's status as a cluster member, as {@link NodeApi#memberStatus()} answers it: set it in a test. */
    final AtomicReference<String> memberStatus;
    final ActorRef<HttpServer.Command> server;
    public final URI base;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestNode(ActorTestKit kit, NodeApi node, ActorRef<Supervisor.Command> supervisor,
                     AtomicReference<String> memberStatus, ActorRef<HttpServer.Command> server, URI base) {
        this.kit = kit;
        this.node = node;
        this.supervisor = supervisor;
        this.memberStatus = memberStatus;
        this.server = server;
        this.base = base;
    }

    public static TestNode start() {
        return start(Map.of());
    }

    /** A node whose {@code interlude.http} settings are the defaults with {@code http} over them. */
    static TestNode start(Map<String, Object> http) {
        return start(http, "");
    }

    /**
     * A node as {@link #start(Map)}, whose catalog also has {@code extraTasks} (HOCON: {@code tasks { ... }}) over
     * {@link #CATALOG}. Its only registered Java handler is {@value #JAVA_HANDLER} (no task runs one: every handler
     * is simulated here).
     */
    static TestNode start(Map<String, Object> http, String extraTasks) {
        return start(http, extraTasks, InstantSource.system());
    }

    /**
     * A node whose clock reads {@code at} when it starts, and runs on from there in real time: the phase and the
     * research window are known to the test, whatever day it runs on.
     */
    static TestNode startAt(Instant at) {
        return start(Map.of(), "", InstantSource.offset(InstantSource.system(), Duration.between(Instant.now(), at)));
    }

    /** A node on {@code clock} (e.g. the real clock moved into a research window), with {@code http} settings. */
    static TestNode start(Map<String, Object> http, InstantSource clock) {
        return start(http, "", clock);
    }

    /** A node whose settings are the defaults with {@code overriding} (by their full paths) over them. */
    static TestNode startWith(Map<String, Object> overriding) {
        return startFull(overriding, "", InstantSource.system());
    }

    private static TestNode start(Map<String, Object> http, String extraTasks, InstantSource clock) {
        Map<String, Object> settings = new HashMap<>();
        http.forEach((key, value) -> settings.put("interlude.http." + key, value));
        return startFull(settings, extraTasks, clock);
    }

    private static TestNode startFull(Map<String, Object> overriding, String extraTasks, InstantSource clock) {
        Config config = ConfigFactory.parseMap(Map.of("interlude.http.token", TOKEN, "interlude.http.port", 0))
                .withFallback(PersistenceTestKitPlugin.getInstance().config())
                .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
                .withFallback(ConfigFactory.load());
        Config overrides = ConfigFactory.empty();
        for (Map.Entry<String, Object> e : overriding.entrySet()) {
            overrides = overrides.withFallback(ConfigFactory.parseMap(Map.of(e.getKey(), e.getValue())));
        }
        config = overrides.withFallback(config);
        ActorTestKit kit = ActorTestKit.create("http-" + UUID.randomUUID().toString().substring(0, 8), config);
        TaskCatalog catalog = CatalogLoader.load(ConfigFactory.parseString(extraTasks)
                .withFallback(ConfigFactory.parseString(CATALOG))
                .withFallback(ConfigFactory.defaultReference()).resolve(), XnysCalendar.ZONE);
        TradingWindows windows = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);
        PlannerConfig base = PlannerConfig.load(ConfigFactory.defaultReference());
        PlannerConfig planner = new PlannerConfig(base.settings(), new MemoryBudget.Fixed(16384),
                base.maxConcurrentRuns(), base.maxRunsPerCategory());
        StatusSettings statusSettings = StatusSettings.create(config);
        ActorRef<StatusHub.Command> hub = kit.spawn(StatusHub.create(statusSettings), "status");
        HandlerRegistry registry = HandlerRegistry.empty().register(JAVA_HANDLER,
                context -> CompletableFuture.completedFuture(TaskResult.success("backed up")));
        Handlers handlers = Handlers.create(kit.system(), registry);
        Supervisor.Setup setup = new Supervisor.Setup(PersistenceId.ofUniqueId("http-test-" + UUID.randomUUID()),
                catalog, windows, planner, clock, new SupervisorSettings(Duration.ofSeconds(30), 100, 2),
                context -> new RunnerLauncher(context, task -> handlers.handlerFor(task.handler()
                        instanceof HandlerSpec.Simulated s ? s : new HandlerSpec.Simulated(Optional.empty(), 0)),
                        clock),
                Map::of, () -> StatusFeed.to(hub, statusSettings));
        ActorRef<Supervisor.Command> supervisor = kit.spawn(Supervisor.create(setup), "supervisor");
        JournalEvents journal = JournalEvents.of(kit.system(), PersistenceTestKitReadJournal.Identifier(),
                setup.persistenceId());
        MonitoringSettings monitoringSettings = MonitoringSettings.load(config);
        Monitoring monitoring = Monitoring.start(kit.system(), journal, hub, clock, monitoringSettings);
        AtomicReference<String> memberStatus = new AtomicReference<>("Up");
        NodeApi node = new LiveNode(supervisor, hub, journal, kit.system().scheduler(), catalog, windows, planner,
                clock, registry, monitoring, memberStatus::get);
        kit.spawn(HealthWatch.create(node, monitoringSettings.checkEvery()), "health-watch");
        HttpSettings settings = HttpSettings.load(config);
        ActorRef<HttpServer.Command> server = kit.spawn(HttpServer.create(settings,
                new ApiRoutes(node, settings).route()), "http");
        TestProbe<HttpServer.Binding> binding = kit.createTestProbe();
        server.tell(new HttpServer.GetBinding(binding.getRef()));
        HttpServer.Binding bound = binding.receiveMessage(Duration.ofSeconds(10));
        int port = bound.address().orElseThrow(() -> new IllegalStateException(bound.failure().orElse("?")))
                .getPort();
        return new TestNode(kit, node, supervisor, memberStatus, server, URI.create("http://127.0.0.1:" + port));
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    /** The supervisor's state, as the node's supervisor answers it. */
    public SupervisorState state() {
        try {
            return node.state().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the supervisor did not answer: " + e, e);
        }
    }

    HttpResponse<String> put(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    HttpResponse<String> delete(String path, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), headers);
    }

    /** {@code POST} with the node's token. */
    HttpResponse<String> postAuthorized(String path, String body) {
        return post(path, body, "Authorization", "Bearer " + TOKEN);
    }

    HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request to the test node failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        kit.shutdownTestKit();
    }
}
