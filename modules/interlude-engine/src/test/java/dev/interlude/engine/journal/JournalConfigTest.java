package dev.interlude.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Pekko configuration each backend gets: one shared database for the journal, snapshots and queries. */
class JournalConfigTest {

    private static final String DB = "pekko-persistence-jdbc.shared-databases.default";

    @Test
    void both_plugins_and_the_read_journal_use_the_shared_database() {
        Config config = Journal.config(JournalSettings.h2(Path.of("data/journal")));
        assertEquals("jdbc-journal", config.getString("pekko.persistence.journal.plugin"));
        assertEquals("jdbc-snapshot-store", config.getString("pekko.persistence.snapshot-store.plugin"));
        assertEquals("default", config.getString("jdbc-journal.use-shared-db"));
        assertEquals("default", config.getString("jdbc-snapshot-store.use-shared-db"));
        assertEquals("default", config.getString("jdbc-read-journal.use-shared-db"));
        assertEquals(4, config.getInt(DB + ".db.maxConnections"));
        assertEquals(4, config.getInt(DB + ".db.numThreads"));
        assertEquals(10_000, config.getLong(DB + ".db.connectionTimeout"));
    }

    @Test
    void h2_is_a_file_at_an_absolute_path_that_outlives_h2s_shutdown_hook() {
        Config config = Journal.config(JournalSettings.h2(Path.of("data/journal")));
        assertEquals("slick.jdbc.H2Profile$", config.getString(DB + ".profile"));
        assertEquals("org.h2.Driver", config.getString(DB + ".db.driver"));
        String url = config.getString(DB + ".db.url");
        assertEquals("jdbc:h2:file:" + Path.of("data/journal").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;DATABASE_TO_UPPER=false;TRACE_LEVEL_FILE=0;WRITE_DELAY=0;REUSE_SPACE=FALSE", url);
        assertTrue(Path.of(url.substring("jdbc:h2:file:".length(), url.indexOf(';'))).isAbsolute(), url);
    }

    /** The SIGKILL test (H2KillNineTest in the app) shows what H2's defaults lose; this says they are off. */
    @Test
    void h2_writes_each_commit_to_the_end_of_the_file_before_the_commit_returns(@TempDir Path dir) throws Exception {
        String url = Journal.config(JournalSettings.h2(dir.resolve("journal"))).getString(DB + ".db.url");
        try (Connection h2 = DriverManager.getConnection(url, "sa", "");
             Statement statement = h2.createStatement();
             ResultSet settings = statement.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM "
                     + "INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME IN ('WRITE_DELAY', 'REUSE_SPACE')")) {
            Map<String, String> values = new HashMap<>();
            while (settings.next()) {
                values.put(settings.getString(1), settings.getString(2));
            }
            assertEquals(Map.of("WRITE_DELAY", "0", "REUSE_SPACE", "FALSE"), values,
                    "no delay between a commit and its write; new chunks appended, never written over dead ones");
        }
    }

    @Test
    void postgres_gets_its_profile_driver_and_credentials() {
        Config config = Journal.config(JournalSettings.postgres("jdbc:postgresql://127.0.0.1:5432/interlude",
                "interlude", "s3cret"));
        assertEquals("slick.jdbc.PostgresProfile$", config.getString(DB + ".profile"));
        assertEquals("org.postgresql.Driver", config.getString(DB + ".db.driver"));
        assertEquals("jdbc:postgresql://127.0.0.1:5432/interlude", config.getString(DB + ".db.url"));
        assertEquals("interlude", config.getString(DB + ".db.user"));
        assertEquals("s3cret", config.getString(DB + ".db.password"));
    }
}
