package dev.interlude.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded journal never reuses space while it runs (so a kill cannot hide its newest writes), and is compacted
 * before a node opens it when most of the file is dead.
 */
class JournalCompactionTest {

    private static final int ROWS = 400;

    @TempDir
    Path dir;

    @Test
    void a_mostly_dead_file_is_compacted_and_keeps_every_committed_row() throws Exception {
        JournalSettings journal = JournalSettings.h2(dir.resolve("journal"));
        writeOneRowPerCommit(journal, ROWS);
        long grown = Files.size(file());

        Optional<Journal.Compaction> compaction = Journal.compact(journal, 1L << 20, 50);

        assertTrue(compaction.isPresent(), "a " + grown / 1024 + " KiB file of " + ROWS + " small rows is compacted");
        assertEquals(grown, compaction.get().bytesBefore());
        assertTrue(compaction.get().bytesAfter() < grown / 4, compaction.toString());
        assertEquals(compaction.get().bytesAfter(), Files.size(file()));
        assertEquals(ROWS, rows(journal));
    }

    @Test
    void a_file_under_the_threshold_a_missing_file_and_postgres_are_left_alone() throws Exception {
        JournalSettings journal = JournalSettings.h2(dir.resolve("journal"));
        assertEquals(Optional.empty(), Journal.compact(journal), "no file yet");
        writeOneRowPerCommit(journal, 20);
        long size = Files.size(file());
        assertEquals(Optional.empty(), Journal.compact(journal), "well under 16 MiB");
        assertEquals(size, Files.size(file()));
        assertEquals(Optional.empty(), Journal.compact(JournalSettings.postgres("jdbc:postgresql://127.0.0.1:5432/x",
                "interlude", "")));
    }

    private Path file() {
        return dir.resolve("journal.mv.db");
    }

    private static void writeOneRowPerCommit(JournalSettings journal, int rows) throws SQLException {
        try (Connection h2 = DriverManager.getConnection(Journal.h2Url(journal.h2()), "sa", "")) {
            try (Statement ddl = h2.createStatement()) {
                ddl.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, payload VARCHAR(400))");
            }
            try (PreparedStatement insert = h2.prepareStatement("INSERT INTO events VALUES (?, ?)")) {
                for (int i = 1; i <= rows; i++) { // autocommit: one commit, so one chunk, per row
                    insert.setLong(1, i);
                    insert.setString(2, "x".repeat(300));
                    insert.executeUpdate();
                }
            }
        }
    }

    private static long rows(JournalSettings journal) throws SQLException {
        try (Connection h2 = DriverManager.getConnection(Journal.h2Url(journal.h2()), "sa", "");
             Statement query = h2.createStatement();
             ResultSet count = query.executeQuery("SELECT COUNT(*) FROM events")) {
            count.next();
            return count.getLong(1);
        }
    }
}
