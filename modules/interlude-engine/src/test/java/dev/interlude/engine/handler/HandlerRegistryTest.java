package dev.interlude.engine.handler;

import static dev.interlude.engine.handler.Contexts.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.config.Problem;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HandlerRegistryTest {

    private static final TaskHandler PNL = context -> CompletableFuture.completedFuture(TaskResult.success("pnl"));

    @Test
    void providers_on_the_class_path_are_registered_by_name() {
        HandlerRegistry registry = HandlerRegistry.fromServiceLoader();

        assertTrue(registry.names().contains("echo"), registry.names().toString());
        assertTrue(registry.lookup("echo").isPresent());
    }

    @Test
    void handlers_registered_in_code_join_the_providers() {
        HandlerRegistry registry = HandlerRegistry.fromServiceLoader().register("pnl", PNL);

        assertEquals(List.of("echo", "pnl"), List.copyOf(registry.names()));
        assertEquals(Optional.of(PNL), registry.lookup("pnl"));
    }

    @Test
    void a_name_cannot_be_registered_twice_or_blank() {
        HandlerRegistry registry = HandlerRegistry.empty().register("pnl", PNL);

        assertThrows(IllegalArgumentException.class,
                () -> registry.register("pnl", context -> CompletableFuture.completedFuture(TaskResult.success(""))));
        assertThrows(IllegalArgumentException.class, () -> registry.register(" ", PNL));
    }

    @Test
    void validation_names_each_unknown_java_handler_by_its_path_with_the_registered_names() {
        HandlerRegistry registry = HandlerRegistry.fromServiceLoader().register("pnl", PNL);
        TaskCatalog catalog = new TaskCatalog(List.of(
                task("greet", new HandlerSpec.Java("echo", Map.of())),
                task("nightly_reconcile", new HandlerSpec.Java("reconcile", Map.of())),
                task("backup", new HandlerSpec.Command(List.of("true"), Optional.empty(), Map.of(),
                        Optional.empty())),
                task("calc_pnl", new HandlerSpec.Java("pnl", Map.of())),
                task("rebalance", new HandlerSpec.Java("rebalancer", Map.of()))));

        assertEquals(List.of(
                        new Problem("tasks.nightly_reconcile.handler.name",
                                "unknown Java handler \"reconcile\", registered: echo, pnl"),
                        new Problem("tasks.rebalance.handler.name",
                                "unknown Java handler \"rebalancer\", registered: echo, pnl")),
                registry.validate(catalog));
    }

    @Test
    void an_empty_registry_says_none_are_registered() {
        TaskCatalog catalog = new TaskCatalog(List.of(task("t", new HandlerSpec.Java("x", Map.of()))));

        assertEquals("tasks.t.handler.name: unknown Java handler \"x\", registered: (none)",
                HandlerRegistry.empty().validate(catalog).get(0).toString());
    }
}
