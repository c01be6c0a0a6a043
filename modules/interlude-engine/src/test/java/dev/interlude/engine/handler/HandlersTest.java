package dev.interlude.engine.handler;

import static dev.interlude.engine.handler.Contexts.context;
import static dev.interlude.engine.handler.Contexts.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.task.HandlerSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HandlersTest {

    private static ActorTestKit testKit;
    private static Handlers handlers;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create();
        HandlerRegistry registry = HandlerRegistry.fromServiceLoader()
                .register("explodes", context -> {
                    throw new IllegalStateException("no market data");
                })
                .register("fails-later", context -> CompletableFuture.failedFuture(new RuntimeException("later")))
                .register("never-ends", context -> new CompletableFuture<>());
        handlers = Handlers.create(testKit.system(), registry);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static TaskResult runJava(String name, Map<String, String> settings, Cancellation cancellation)
            throws Exception {
        HandlerSpec.Java spec = new HandlerSpec.Java(name, settings);
        return handlers.handlerFor(spec).run(context("run-j", task("java_task", spec), Map.of(), cancellation))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void the_defaults_come_from_reference_conf() {
        HandlerSettings settings = handlers.settings();

        assertEquals(65536, settings.command().outputTailBytes());
        assertEquals(Duration.ofSeconds(5), settings.command().killGrace());
        assertEquals(65536, settings.http().maxResponseBytes());
        assertEquals(5, settings.http().circuitBreaker().maxFailures());
        assertEquals(Duration.ofSeconds(30), settings.http().circuitBreaker().resetTimeout());
    }

    @Test
    void each_spec_gets_its_kind_of_handler() {
        assertInstanceOf(CommandTaskHandler.class, handlers.handlerFor(new HandlerSpec.Command(List.of("true"),
                Optional.empty(), Map.of(), Optional.empty())));
        assertInstanceOf(HttpTaskHandler.class, handlers.handlerFor(new HandlerSpec.Http("GET",
                URI.create("http://127.0.0.1:1/"), Map.of(), Optional.empty())));
        assertInstanceOf(SimulatedTaskHandler.class, handlers.handlerFor(new HandlerSpec.Simulated(
                Optional.empty(), 0.0)));
    }

    @Test
    void a_registered_java_handler_runs_with_its_settings() throws Exception {
        TaskResult result = runJava("echo", Map.of("greeting", "good evening"), Cancellation.create());

        assertTrue(result.success());
        assertEquals("good evening run-j", result.result());
    }

    @Test
    void an_unknown_java_handler_is_refused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> handlers.handlerFor(new HandlerSpec.Java("reconcile", Map.of())));
        assertTrue(e.getMessage().contains("unknown Java handler \"reconcile\""), e.getMessage());
    }

    @Test
    void a_java_handler_that_throws_or_fails_becomes_a_failure() throws Exception {
        TaskResult thrown = runJava("explodes", Map.of(), Cancellation.create());
        TaskResult failed = runJava("fails-later", Map.of(), Cancellation.create());

        assertFalse(thrown.success());
        assertTrue(thrown.error().orElseThrow().contains("no market data"), thrown.error().orElseThrow());
        assertFalse(failed.success());
        assertTrue(failed.error().orElseThrow().contains("later"), failed.error().orElseThrow());
    }

    @Test
    void cancelling_a_java_handler_ends_the_attempt() throws Exception {
        Cancellation cancellation = Cancellation.create();
        HandlerSpec.Java spec = new HandlerSpec.Java("never-ends", Map.of());
        CompletableFuture<TaskResult> result = handlers.handlerFor(spec)
                .run(context("run-n", task("stuck", spec), Map.of(), cancellation)).toCompletableFuture();
        assertFalse(result.isDone());

        cancellation.cancel("timeout");

        assertTrue(result.get(5, TimeUnit.SECONDS).cancelled());
    }

    @Test
    void results_serialize_with_the_engines_cbor_binding() {
        testKit.serializationTestKit().verifySerialization(
                TaskResult.failure("exit code 3").withOutput("out", "err").withExitCode(3), true);
        testKit.serializationTestKit().verifySerialization(
                TaskResult.breakerOpen(URI.create("http://127.0.0.1:8080")), true);
    }
}
