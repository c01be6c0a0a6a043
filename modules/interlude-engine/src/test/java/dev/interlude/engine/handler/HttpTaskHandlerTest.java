package dev.interlude.engine.handler;

import static dev.interlude.engine.handler.Contexts.context;
import static dev.interlude.engine.handler.Contexts.task;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.task.HandlerSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpTaskHandlerTest {

    private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();
    private static final CompletableFuture<String> NEVER = new CompletableFuture<>();
    private static final CompletableFuture<Void> SLOW_REACHED = new CompletableFuture<>();

    private static ActorTestKit testKit;
    private static ServerBinding binding;
    private static Handlers handlers;

    @BeforeAll
    static void startServer() throws Exception {
        testKit = ActorTestKit.create();
        binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(route())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        handlers = Handlers.create(testKit.system(), HandlerRegistry.empty());
    }

    @AfterAll
    static void stopServer() throws Exception {
        NEVER.complete("late");
        binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
        testKit.shutdownTestKit();
    }

    private static Route route() {
        return extractRequest(request -> {
            String path = request.getUri().path();
            HITS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            switch (path) {
                case "/ok":
                    return complete("{\"rows\": 42}\n");
                case "/fail":
                    return complete(StatusCodes.INTERNAL_SERVER_ERROR, "database is down");
                case "/missing":
                    return complete(StatusCodes.NOT_FOUND, "no such report");
                case "/big":
                    return complete("x".repeat(10_000));
                case "/echo":
                    return complete(request.getHeader("Idempotency-Key").map(HttpHeader::value).orElse("-")
                            + " " + request.getHeader("X-Interlude-Task").map(HttpHeader::value).orElse("-"));
                case "/slow":
                    SLOW_REACHED.complete(null);
                    return onSuccess(NEVER, body -> complete(body));
                default:
                    return complete(StatusCodes.NOT_FOUND);
            }
        });
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path);
    }

    private static HandlerSpec.Http get(String path) {
        return new HandlerSpec.Http("GET", url(path), Map.of(), Optional.empty());
    }

    private static TaskResult call(Handlers with, HandlerSpec.Http spec, String runId) throws Exception {
        return with.handlerFor(spec).run(context(runId, task("fetch", spec))).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private static int hits(String path) {
        return HITS.getOrDefault(path, new AtomicInteger()).get();
    }

    @Test
    void a_2xx_answer_succeeds_with_the_body_as_result() throws Exception {
        TaskResult result = call(handlers, get("/ok"), "run-ok");

        assertTrue(result.success(), result.toString());
        assertEquals("{\"rows\": 42}", result.result());
        assertEquals(Optional.of(200), result.exitCode());
    }

    @Test
    void a_500_answer_fails_with_its_status_and_body() throws Exception {
        TaskResult result = call(handlers, get("/fail"), "run-500");

        assertFalse(result.success());
        assertFalse(result.breakerOpen());
        assertEquals(Optional.of(500), result.exitCode());
        assertEquals("database is down", result.outputTail());
        assertTrue(result.error().orElseThrow().contains("answered 500"), result.error().orElseThrow());
    }

    @Test
    void the_run_id_goes_out_as_the_idempotency_key() throws Exception {
        assertEquals("run-7f3 fetch", call(handlers, get("/echo"), "run-7f3").result());
    }

    @Test
    void the_body_is_kept_up_to_the_bound() throws Exception {
        HandlerSettings defaults = HandlerSettings.create(testKit.system().settings().config());
        HandlerSettings small = new HandlerSettings(defaults.command(),
                new HandlerSettings.Http(16, defaults.http().connectTimeout(), defaults.http().circuitBreaker()));
        TaskResult result = call(Handlers.create(testKit.system(), HandlerRegistry.empty(), small), get("/big"),
                "run-big");

        assertTrue(result.success());
        assertEquals("x".repeat(16), result.result());
    }

    @Test
    void cancellation_aborts_a_slow_request() throws Exception {
        Cancellation cancellation = Cancellation.create();
        HandlerSpec.Http spec = get("/slow");
        CompletableFuture<TaskResult> result = handlers.handlerFor(spec)
                .run(context("run-slow", task("slow", spec), Map.of(), cancellation)).toCompletableFuture();
        SLOW_REACHED.get(10, TimeUnit.SECONDS);
        assertFalse(result.isDone());

        cancellation.cancel("timeout after 5m");
        TaskResult outcome = result.get(5, TimeUnit.SECONDS);

        assertTrue(outcome.cancelled());
        assertEquals(Optional.of("cancelled: timeout after 5m"), outcome.error());
        assertFalse(handlers.isBreakerOpen(spec.url()), "a cancelled call says nothing about the endpoint");
    }

    /** A breaker that opens after two failures and lets a call through again {@code reset} after it opened. */
    private Handlers twoStrikes(Duration reset) {
        HandlerSettings defaults = HandlerSettings.create(testKit.system().settings().config());
        return Handlers.create(testKit.system(), HandlerRegistry.empty(), new HandlerSettings(defaults.command(),
                new HandlerSettings.Http(defaults.http().maxResponseBytes(), defaults.http().connectTimeout(),
                        new HandlerSettings.CircuitBreaker(2, Duration.ofSeconds(5), reset))));
    }

    @Test
    void the_breaker_opens_after_max_failures_and_rejects_without_calling() throws Exception {
        Handlers own = twoStrikes(Duration.ofMinutes(10));
        HandlerSpec.Http failing = get("/fail");
        int before = hits("/fail");

        assertFalse(call(own, failing, "run-b1").breakerOpen());
        assertFalse(call(own, failing, "run-b2").breakerOpen());
        // The breaker counts a failure in a callback of the call's future, which may run just after the caller sees
        // the result; with a reset far beyond the test, once open it stays open.
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertTrue(own.isBreakerOpen(failing.url()));
            return null;
        });
        assertTrue(own.isBreakerOpen(task("fetch", failing)));

        TaskResult rejected = call(own, failing, "run-b3");
        assertTrue(rejected.breakerOpen());
        assertFalse(rejected.success());
        assertEquals(Optional.of("circuit breaker open for http://127.0.0.1:" + binding.localAddress().getPort()),
                rejected.error());
        assertTrue(call(own, get("/ok"), "run-b4").breakerOpen(), "the breaker is per endpoint, not per path");
        assertEquals(before + 2, hits("/fail"), "rejected calls never reach the server");
    }

    @Test
    void the_open_breaker_lets_a_call_through_after_its_reset_and_a_success_closes_it() throws Exception {
        Handlers own = twoStrikes(Duration.ofMillis(300));
        HandlerSpec.Http failing = get("/fail");
        assertFalse(call(own, failing, "run-c1").breakerOpen());
        assertFalse(call(own, failing, "run-c2").breakerOpen());

        // half-open only ever follows open: the two failures opened it, and its reset has passed
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertTrue(own.circuitBreakers().forUrl(failing.url()).isHalfOpen());
            return null;
        });
        assertFalse(own.isBreakerOpen(failing.url()), "a half-open breaker lets the next call through");
        assertTrue(call(own, get("/ok"), "run-c3").success());
        // The breaker closes in a callback of the call's future, which may run just after the caller sees the result.
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertTrue(own.circuitBreakers().forUrl(failing.url()).isClosed());
            return null;
        });
        assertTrue(own.circuitBreakers().openEndpoints().isEmpty());
    }

    @Test
    void a_4xx_fails_the_attempt_without_counting_against_the_endpoint() throws Exception {
        HandlerSettings defaults = HandlerSettings.create(testKit.system().settings().config());
        HandlerSettings oneStrike = new HandlerSettings(defaults.command(),
                new HandlerSettings.Http(defaults.http().maxResponseBytes(), defaults.http().connectTimeout(),
                        new HandlerSettings.CircuitBreaker(1, Duration.ofSeconds(5), Duration.ofSeconds(30))));
        Handlers own = Handlers.create(testKit.system(), HandlerRegistry.empty(), oneStrike);

        TaskResult result = call(own, get("/missing"), "run-404");

        assertFalse(result.success());
        assertEquals(Optional.of(404), result.exitCode());
        assertFalse(own.isBreakerOpen(url("/missing")));
    }

    @Test
    void endpoints_are_scheme_host_and_port() {
        assertEquals(URI.create("https://example.com:443"),
                CircuitBreakers.endpoint(URI.create("https://Example.com/v2/calendar?start=1")));
        assertEquals(URI.create("http://127.0.0.1:8080"),
                CircuitBreakers.endpoint(URI.create("http://127.0.0.1:8080/a")));
    }
}
