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
import dev.interlude.engine.runner.RunnerLauncher;
import dev.interlude.engine.status.StatusFeed;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.status.StatusSettings;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
final class TestNode implements AutoCloseable {

    static final String TOKEN = "test-token-5f1c";

    /** A small catalog: a manual task that takes 200 ms, a research task, one that needs approval. */
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
            }
            """;

    final ActorTestKit kit;
    final NodeApi node;
    final ActorRef<HttpServer.Command> server;
    final URI base;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestNode(ActorTestKit kit, NodeApi node, ActorRef<HttpServer.Command> server, URI base) {
        this.kit = kit;
        this.node = node;
        this.server = server;
        this.base = base;
    }

    static TestNode start() {
        return start(Map.of());
    }

    /** A node whose {@code interlude.http} settings are the defaults with {@code http} over them. */
    static TestNode start(Map<String, Object> http) {
        Map<String, Object> settings = new HashMap<>();
        http.forEach((key, value) -> settings.put("interlude.http." + key, value));
        return startWith(settings);
    }

    /** A node whose settings are the defaults with {@code overriding} (by their full paths) over them. */
    static TestNode startWith(Map<String, Object> overriding) {
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
        InstantSource clock = InstantSource.system();
        TaskCatalog catalog = CatalogLoader.load(ConfigFactory.parseString(CATALOG)
                .withFallback(ConfigFactory.defaultReference()).resolve(), XnysCalendar.ZONE);
        TradingWindows windows = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);
        PlannerConfig base = PlannerConfig.load(ConfigFactory.defaultReference());
        PlannerConfig planner = new PlannerConfig(base.settings(), new MemoryBudget.Fixed(16384),
                base.maxConcurrentRuns(), base.maxRunsPerCategory());
        StatusSettings statusSettings = StatusSettings.create(config);
        ActorRef<StatusHub.Command> hub = kit.spawn(StatusHub.create(statusSettings), "status");
        Handlers handlers = Handlers.create(kit.system(), HandlerRegistry.empty());
        Supervisor.Setup setup = new Supervisor.Setup(PersistenceId.ofUniqueId("http-test-" + UUID.randomUUID()),
                catalog, windows, planner, clock, new SupervisorSettings(Duration.ofSeconds(30), 100, 2),
                context -> new RunnerLauncher(context, task -> handlers.handlerFor(task.handler()
                        instanceof HandlerSpec.Simulated s ? s : new HandlerSpec.Simulated(Optional.empty(), 0)),
                        clock),
                Map::of, () -> StatusFeed.to(hub, statusSettings));
        ActorRef<Supervisor.Command> supervisor = kit.spawn(Supervisor.create(setup), "supervisor");
        JournalEvents journal = JournalEvents.of(kit.system(), PersistenceTestKitReadJournal.Identifier(),
                setup.persistenceId());
        NodeApi node = new LiveNode(supervisor, hub, journal, kit.system().scheduler(), catalog, windows, planner,
                clock);
        HttpSettings settings = HttpSettings.load(config);
        ActorRef<HttpServer.Command> server = kit.spawn(HttpServer.create(settings,
                new ApiRoutes(node, settings).route()), "http");
        TestProbe<HttpServer.Binding> binding = kit.createTestProbe();
        server.tell(new HttpServer.GetBinding(binding.getRef()));
        HttpServer.Binding bound = binding.receiveMessage(Duration.ofSeconds(10));
        int port = bound.address().orElseThrow(() -> new IllegalStateException(bound.failure().orElse("?")))
                .getPort();
        return new TestNode(kit, node, server, URI.create("http://127.0.0.1:" + port));
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
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
