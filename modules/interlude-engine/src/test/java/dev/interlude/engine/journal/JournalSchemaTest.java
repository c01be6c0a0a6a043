package dev.interlude.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a node prepares its journal: creating the tables when they are missing (the default), or, with
 * {@code create-schema = false}, refusing to start without them and saying what to do; and which tables a database
 * has, as {@code interlude db init|check} reports it.
 */
class JournalSchemaTest {

    @TempDir
    Path dir;

    private JournalSettings creating;
    private JournalSettings checking;
    private ActorTestKit kit;

    @BeforeEach
    void anEmptyEmbeddedJournal() {
        creating = JournalSettings.h2(dir.resolve("journal"));
        checking = new JournalSettings(creating.backend(), creating.h2(), creating.postgres(), creating.poolSize(),
                creating.connectionTimeout(), false);
        kit = ActorTestKit.create("journal-schema", Journal.config(creating).withFallback(ConfigFactory.load()));
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void an_empty_database_has_none_of_the_tables() throws Exception {
        Journal.SchemaStatus status = Journal.schemaStatus(creating);
        assertEquals(List.of(), status.present());
        assertEquals(Journal.TABLES, status.missing());
        assertFalse(status.complete());
        assertEquals("the embedded journal " + dir.resolve("journal").toAbsolutePath() + ".mv.db", status.where());
    }

    @Test
    void a_node_that_may_not_create_them_refuses_to_start_naming_the_missing_tables_and_what_to_do() {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> Journal.preparation(checking)
                .apply(kit.system()).toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertEquals("the journal's table(s) event_journal, event_tag, snapshot are missing in the embedded journal "
                        + dir.resolve("journal").toAbsolutePath() + ".mv.db; create them with `interlude db init` (as "
                        + "a user allowed to create tables), or let the node create them: "
                        + "interlude.journal.create-schema = true",
                failed.getCause().getMessage());
    }

    @Test
    void the_default_creates_them_and_then_a_node_that_only_checks_starts() throws Exception {
        Journal.preparation(creating).apply(kit.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        Journal.SchemaStatus status = Journal.schemaStatus(creating);
        assertEquals(Journal.TABLES, status.present());
        assertTrue(status.complete());
        Journal.preparation(checking).apply(kit.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        // and creating them again changes nothing
        Journal.preparation(creating).apply(kit.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertTrue(Journal.schemaStatus(creating).complete());
    }

    @Test
    void a_server_is_named_without_its_password_even_one_given_in_the_url() {
        JournalSettings postgres = JournalSettings.postgres(
                "jdbc:postgresql://db.internal:5432/interlude?ssl=true&password=hunter2&user=ops", "ops", "s3cret");
        String where = Journal.where(postgres);
        assertEquals("PostgreSQL jdbc:postgresql://db.internal:5432/interlude?ssl=true&password=***&user=ops as ops",
                where);
        assertFalse(postgres.toString().contains("hunter2"), postgres.toString());
        assertFalse(postgres.toString().contains("s3cret"), postgres.toString());
    }

    @Test
    void a_server_that_cannot_be_reached_is_an_sql_failure_not_a_hang() {
        // a port nothing listens on (the discard port on loopback): refused at once
        JournalSettings nowhere = new JournalSettings(JournalSettings.Backend.POSTGRES, creating.h2(),
                new JournalSettings.PostgresServer("jdbc:postgresql://127.0.0.1:9/interlude", "ops", ""), 1,
                Duration.ofSeconds(1), true);
        assertThrows(java.sql.SQLException.class, () -> Journal.schemaStatus(nowhere));
    }
}
