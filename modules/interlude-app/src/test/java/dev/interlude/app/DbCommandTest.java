package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code interlude db init|check}: the journal's tables made beforehand, on the embedded journal and on PostgreSQL
 * (skipped with the reason printed when no server answers on 127.0.0.1:5432, unless {@code CI=true}).
 */
class DbCommandTest {

    private static final String SERVER = TestDatabase.SERVER;
    private static final String DATABASE = "interlude_db_init_test";
    /** How long a node process may take to start, or to give up starting. */
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void init_creates_the_tables_once_and_check_tells_whether_they_are_there() {
        Map<String, String> env = Map.of("INTERLUDE_JOURNAL_H2_PATH", dir.resolve("journal").toString());
        String where = "the embedded journal " + dir.resolve("journal").toAbsolutePath() + ".mv.db";

        Cli.Result before = Cli.runWith(env, "db", "check");
        assertEquals(2, before.exitCode(), before.out() + before.err());
        assertEquals("interlude.journal: the journal's table(s) event_journal, event_tag, snapshot are missing in "
                + where + "; create them with `interlude db init` (as a user allowed to create tables), or let the "
                + "node create them: interlude.journal.create-schema = true", before.err().strip());

        Cli.Result init = Cli.runWith(env, "db", "init");
        assertEquals(0, init.exitCode(), init.err());
        assertEquals("created the journal's table(s) event_journal, event_tag, snapshot in " + where,
                init.out().strip());
        assertEquals("", init.err());

        Cli.Result again = Cli.runWith(env, "db", "init");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals("the journal's tables are all there in " + where + ": event_journal, event_tag, snapshot "
                + "(nothing to do)", again.out().strip());

        Cli.Result after = Cli.runWith(env, "db", "check");
        assertEquals(0, after.exitCode(), after.err());
        assertEquals("the journal's tables are all there in " + where + ": event_journal, event_tag, snapshot",
                after.out().strip());
    }

    @Test
    void a_server_that_does_not_answer_is_one_line_naming_the_setting() {
        Cli.Result r = Cli.runWith(Map.of("INTERLUDE_JOURNAL_BACKEND", "postgres",
                "INTERLUDE_JOURNAL_URL", "jdbc:postgresql://127.0.0.1:9/interlude?connectTimeout=2",
                "INTERLUDE_JOURNAL_USER", "ops", "INTERLUDE_JOURNAL_PASSWORD", "s3cret"), "db", "init");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("interlude.journal.postgres.url: could not reach PostgreSQL "
                + "jdbc:postgresql://127.0.0.1:9/interlude?connectTimeout=2 as ops: "), r.err());
        assertFalse(r.err().contains("s3cret"), r.err());
    }

    @Test
    void init_and_check_on_postgres() throws SQLException {
        TestDatabase.fresh(DATABASE, DbCommandTest.class, "`interlude db init` on PostgreSQL");
        Map<String, String> env = Map.of("INTERLUDE_JOURNAL_BACKEND", "postgres",
                "INTERLUDE_JOURNAL_URL", SERVER + DATABASE, "INTERLUDE_JOURNAL_USER", "postgres");
        String where = "PostgreSQL " + SERVER + DATABASE + " as postgres";

        assertEquals(2, Cli.runWith(env, "db", "check").exitCode());
        Cli.Result init = Cli.runWith(env, "db", "init");
        assertEquals(0, init.exitCode(), init.err());
        assertEquals("created the journal's table(s) event_journal, event_tag, snapshot in " + where,
                init.out().strip());
        Cli.Result again = Cli.runWith(env, "db", "init");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("(nothing to do)"), again.out());
        Cli.Result check = Cli.runWith(env, "db", "check");
        assertEquals(0, check.exitCode(), check.err());
        assertEquals("the journal's tables are all there in " + where + ": event_journal, event_tag, snapshot",
                check.out().strip());
    }

    @Test
    void a_node_that_may_not_create_the_tables_refuses_to_start_without_them_and_starts_once_init_made_them()
            throws Exception {
        Path conf = Files.writeString(dir.resolve("application.conf"),
                "interlude.planner.memory { source = fixed, fixed-mb = 1024 }\n");
        Path tasks = Files.writeString(dir.resolve("tasks.conf"), """
                tasks {
                  hourly {
                    priority = LOW, modes = [PREP, TRADING, RESEARCH], memory-mb = 16, estimated-duration = 1m
                    trigger { type = interval, every = 1h }
                    handler { type = command, argv = ["true"] }
                  }
                }
                """);
        Map<String, String> env = Map.of("INTERLUDE_HOME", dir.toString(), "INTERLUDE_PORT", "0",
                "INTERLUDE_HTTP_PORT", "0", "INTERLUDE_JOURNAL_H2_PATH", dir.resolve("journal").toString(),
                "INTERLUDE_STOP_FILE", dir.resolve("STOP").toString(), "INTERLUDE_JOURNAL_CREATE_SCHEMA", "false");
        String[] run = {"--config", conf.toString(), "run", "--tasks", tasks.toString()};
        HttpClient http = HttpClient.newHttpClient();

        NodeProcess refused = NodeProcess.start(env, dir.resolve("node-1.log"), http, run);
        try {
            assertEquals(2, refused.awaitExit(START), refused.tail());
        } finally {
            refused.destroy();
        }
        String log = Files.readString(dir.resolve("node-1.log"));
        assertTrue(log.contains("interlude.journal: the node could not prepare its journal: the journal's table(s) "
                + "event_journal, event_tag, snapshot are missing in the embedded journal "
                + dir.resolve("journal").toAbsolutePath() + ".mv.db; create them with `interlude db init`"), log);

        assertEquals(0, Cli.runWith(env, "--config", conf.toString(), "db", "init").exitCode());
        NodeProcess started = NodeProcess.start(env, dir.resolve("node-2.log"), http, run);
        try {
            started.awaitReady(START);
        } finally {
            started.destroy();
        }
    }

}
