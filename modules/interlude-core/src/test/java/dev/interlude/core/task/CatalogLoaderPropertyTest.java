package dev.interlude.core.task;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Malformed catalogs of every shape fail with InvalidInputException, never with anything else. */
class CatalogLoaderPropertyTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final List<String> KEYS = List.of("description", "category", "priority", "phases", "modes",
            "trigger", "dependencies", "conflicts", "memory-mb", "estimated-duration", "timeout", "retry", "risk",
            "confidence", "requires-approval", "extendable", "opportunistic", "max-concurrent-runs", "deadline",
            "handler", "branches", "enabled", "memory", "type");
    private static final List<String> VALUES = List.of("lots", "-1", "0", "1", "1.5", "2147483648", "true", "null",
            "[]", "{}", "\"\"", "\"18:30\"", "\"25:99\"", "15m", "-5m", "0s", "[a, b]", "[x]", "[1, {}]", "HIGH",
            "[POST_MARKET]", "[RESEARCH]", "[MON]", "{ type = manual }", "{ type = cron, expression = \"61 * *\" }",
            "{ type = cron, expression = \"* * * * *\" }", "{ type = weekly, days = [XYZ], at = 7 }",
            "{ type = interval, every = [] }", "{ type = simulated }", "{ type = http, url = \"::\" }",
            "{ type = http, url = \"http://\" }", "{ type = command, argv = [[]] }", "{ type = java, name = {} }",
            "[{ on = result-equals, task = y }]", "[{ on = 3 }]", "[1]", "{ max-attempts = x, jitter = [] }",
            "{ initial-backoff = 5m, max-backoff = 1s }", "{ type = every-window, scope = 1 }");

    @Property(tries = 300)
    void a_random_catalog_either_loads_or_fails_with_problems(@ForAll("catalogs") String hocon) {
        try {
            CatalogLoader.load(ConfigFactory.parseString(hocon), NEW_YORK);
        } catch (InvalidInputException e) {
            assertFalse(e.problems().isEmpty());
            e.problems().forEach(p -> assertFalse(p.message().isBlank(), () -> "blank message at " + p.path()));
        }
    }

    @Property(tries = 300)
    void every_problem_of_a_task_names_a_path_inside_it(@ForAll("catalogs") String hocon) {
        List<Problem> problems = CatalogLoader.validate(ConfigFactory.parseString(hocon), NEW_YORK);

        problems.forEach(p -> assertTrue(p.path().startsWith("tasks.") || p.path().startsWith("task-defaults"),
                () -> "path " + p.path() + " for " + p.message()));
    }

    @Property(tries = 100)
    void a_random_file_either_loads_or_fails_with_problems(@ForAll @StringLength(max = 200) String text)
            throws Exception {
        Path file = Files.createTempFile("tasks", ".conf");
        try {
            Files.writeString(file, text);
            CatalogLoader.loadFile(file, NEW_YORK);
        } catch (InvalidInputException e) {
            assertFalse(e.problems().isEmpty());
        } finally {
            Files.delete(file);
        }
    }

    @Provide
    Arbitrary<String> catalogs() {
        Arbitrary<String> name = Arbitraries.of("x", "y", "a", "Bad", "calc_pnl", "-z");
        Arbitrary<Map<String, String>> body = Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.of(VALUES))
                .ofMaxSize(10);
        Arbitrary<String> task = Combinators.combine(name, body).as((n, b) -> "\"" + n + "\" {\n" + render(b) + "}\n");
        Arbitrary<String> tasks = task.list().ofMaxSize(4).map(ts -> "tasks {\n" + String.join("", ts) + "}\n");
        Arbitrary<String> defaults = Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.of(VALUES)).ofMaxSize(3)
                .map(d -> "task-defaults {\n" + render(d) + "}\n");
        return Combinators.combine(defaults.optional(), tasks)
                .as((d, t) -> d.orElse("") + t);
    }

    private static String render(Map<String, String> body) {
        return body.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue() + "\n").collect(Collectors.joining());
    }
}
