package dev.interlude.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code interlude.journal}: its defaults, its validation by path, and a password that never shows. */
class JournalSettingsTest {

    private static Config withReference(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    private static JournalSettings load(String hocon) {
        return JournalSettings.load(withReference(hocon));
    }

    private static List<Problem> problems(String hocon) {
        return assertThrows(InvalidInputException.class, () -> load(hocon)).problems();
    }

    @Test
    void the_default_is_an_embedded_h2_file_under_data() {
        JournalSettings settings = load("interlude.journal.backend = h2");
        assertEquals(JournalSettings.Backend.H2, settings.backend());
        assertEquals(Path.of("data/journal"), settings.h2().path());
        assertEquals(4, settings.poolSize());
        assertEquals(Duration.ofSeconds(10), settings.connectionTimeout());
        assertTrue(settings.createSchema(), "a node creates the journal's tables it finds missing");
    }

    @Test
    void a_node_may_be_told_only_to_check_the_tables_are_there() {
        assertFalse(load("interlude.journal.create-schema = false").createSchema());
        assertEquals(List.of(new Problem("interlude.journal.create-schema", "expected true or false, got \"maybe\"")),
                problems("interlude.journal.create-schema = maybe"));
    }

    @Test
    void postgres_is_chosen_with_its_server() {
        JournalSettings settings = load("""
                interlude.journal {
                  backend = postgres
                  pool-size = 8
                  postgres { url = "jdbc:postgresql://db.internal:5432/interlude", user = ops, password = s3cret }
                }""");
        assertEquals(JournalSettings.Backend.POSTGRES, settings.backend());
        assertEquals(new JournalSettings.PostgresServer("jdbc:postgresql://db.internal:5432/interlude", "ops",
                "s3cret"), settings.postgres());
        assertEquals(8, settings.poolSize());
    }

    @Test
    void every_problem_is_listed_by_path_with_unknown_keys_and_a_suggestion() {
        List<Problem> problems = problems("""
                interlude.journal {
                  backend = mysql
                  pool-size = 0
                  connection-timeout = 100ms
                  retention = 3
                  h2 { path = "a;b", pth = x }
                  postgres { url = "http://db:5432/interlude", user = "" }
                }""");
        assertEquals(List.of(
                new Problem("interlude.journal.backend", "unknown journal backend \"mysql\", expected h2 or postgres"),
                new Problem("interlude.journal.connection-timeout", "must be at least 250ms, got 100ms"),
                new Problem("interlude.journal.h2.path",
                        "must not contain ';' (it would end the JDBC URL), got \"a;b\""),
                new Problem("interlude.journal.h2.pth", "unknown key \"pth\", did you mean \"path\"?"),
                new Problem("interlude.journal.pool-size", "must be at least 1, got 0"),
                new Problem("interlude.journal.postgres.url",
                        "expected a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/interlude, got"
                                + " \"http://db:5432/interlude\""),
                new Problem("interlude.journal.postgres.user", "must not be blank"),
                new Problem("interlude.journal.retention", "unknown key \"retention\"")),
                problems);
    }

    @Test
    void the_password_is_in_no_string_and_no_problem() {
        JournalSettings settings = load("""
                interlude.journal {
                  backend = postgres
                  postgres.password = "s3cret"
                }""");
        assertEquals("s3cret", settings.postgres().password());
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
        assertTrue(settings.toString().contains("password=***"), settings.toString());

        InvalidInputException wrong = assertThrows(InvalidInputException.class,
                () -> load("interlude.journal.postgres.password = [s3cret]"));
        assertEquals(List.of(new Problem("interlude.journal.postgres.password", "expected a string")),
                wrong.problems());
        assertFalse(wrong.getMessage().contains("s3cret"), wrong.getMessage());
    }

    @Test
    void a_numeric_password_is_read_as_text() {
        assertEquals("12345", load("interlude.journal.postgres.password = 12345").postgres().password());
    }

    @Test
    void a_missing_section_is_reported() {
        List<Problem> problems = assertThrows(InvalidInputException.class,
                () -> JournalSettings.load(ConfigFactory.parseString("interlude.planner {}"))).problems();
        assertEquals(List.of(new Problem("interlude.journal", "missing required key")), problems);
    }
}
