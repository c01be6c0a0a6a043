package dev.interlude.engine.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

/**
 * The supervisor's journal on pekko-persistence-jdbc: the configuration that points Pekko Persistence at the chosen
 * database, and the schema it needs.
 *
 * <p>A node puts {@link #config} in front of its configuration when it creates its ActorSystem, then completes
 * {@link #createSchema} before it spawns anything that persists.
 */
public final class Journal {

    /** The journal plugin's id. */
    public static final String JOURNAL_PLUGIN = "jdbc-journal";
    /** The snapshot plugin's id. */
    public static final String SNAPSHOT_PLUGIN = "jdbc-snapshot-store";
    /** The read journal's id (for queries over the journal). */
    public static final String READ_JOURNAL_PLUGIN = "jdbc-read-journal";
    /** The shared database all three plugins use: one connection pool. */
    public static final String SHARED_DATABASE = "default";

    /** The dispatcher blocking work runs on (defined in the engine's reference.conf). */
    public static final String BLOCKING_DISPATCHER = "interlude.blocking-dispatcher";

    /** An embedded journal file smaller than this is never compacted. */
    static final long COMPACT_FILES_OVER_BYTES = 16L << 20;
    /** An embedded journal file is compacted when less than this share of its chunks' bytes is live data. */
    static final int COMPACT_BELOW_LIVE_PERCENT = 50;

    /**
     * What compacting the embedded journal's file did.
     *
     * @param bytesBefore the file's size before
     * @param bytesAfter  its size after
     * @param took        how long it took
     */
    public record Compaction(long bytesBefore, long bytesAfter, Duration took) {
    }

    /** The tables the journal and snapshot store write to, as pekko-persistence-jdbc's schema names them. */
    public static final List<String> TABLES = List.of("event_journal", "event_tag", "snapshot");

    /**
     * Which of the journal's {@link #TABLES} a database has.
     *
     * @param where   the database, for messages: the backend and its URL or file, never a password
     * @param present the tables it has
     * @param missing the tables it lacks
     */
    public record SchemaStatus(String where, List<String> present, List<String> missing) {
        public SchemaStatus {
            present = List.copyOf(present);
            missing = List.copyOf(missing);
        }

        /** Whether every table is there. */
        public boolean complete() {
            return missing.isEmpty();
        }
    }

    private Journal() {
    }

    /**
     * The Pekko configuration for {@code settings}: the JDBC journal and snapshot store (and the read journal), all
     * on one shared database with the backend's Slick profile and JDBC driver. It holds the password: never log it.
     */
    public static Config config(JournalSettings settings) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pekko.persistence.journal.plugin", JOURNAL_PLUGIN);
        values.put("pekko.persistence.snapshot-store.plugin", SNAPSHOT_PLUGIN);
        values.put(JOURNAL_PLUGIN + ".use-shared-db", SHARED_DATABASE);
        values.put(SNAPSHOT_PLUGIN + ".use-shared-db", SHARED_DATABASE);
        values.put(READ_JOURNAL_PLUGIN + ".use-shared-db", SHARED_DATABASE);

        String database = "pekko-persistence-jdbc.shared-databases." + SHARED_DATABASE;
        String db = database + ".db";
        switch (settings.backend()) {
            case H2 -> {
                values.put(database + ".profile", "slick.jdbc.H2Profile$");
                values.put(db + ".url", h2Url(settings.h2()));
                values.put(db + ".user", "sa");
                values.put(db + ".password", "");
                values.put(db + ".driver", "org.h2.Driver");
            }
            case POSTGRES -> {
                values.put(database + ".profile", "slick.jdbc.PostgresProfile$");
                values.put(db + ".url", settings.postgres().url());
                values.put(db + ".user", settings.postgres().user());
                values.put(db + ".password", settings.postgres().password());
                values.put(db + ".driver", "org.postgresql.Driver");
            }
        }
        values.put(db + ".connectionPool", "HikariCP");
        values.put(db + ".numThreads", settings.poolSize());
        values.put(db + ".maxConnections", settings.poolSize());
        values.put(db + ".minConnections", 1);
        values.put(db + ".connectionTimeout", settings.connectionTimeout().toMillis());
        values.put(db + ".validationTimeout", Math.min(5000, Math.max(250, settings.connectionTimeout().toMillis() / 2)));
        return ConfigFactory.parseMap(values, "interlude.journal (" + settings.backend().key() + ")");
    }

    /**
     * The embedded database's URL: an absolute file path (H2 refuses paths implicitly relative to the working
     * directory), not closed by H2's own shutdown hook (Pekko's coordinated shutdown closes the pool after the last
     * write), with identifiers kept as the plugin's schema writes them, and every acknowledged write still there
     * after the process is killed (SIGKILL, the OOM killer, a crash).
     *
     * <p>Two H2 defaults lose acknowledged writes under a kill, and the supervisor, which numbers its runs by journal
     * sequence number, then hands the lost numbers to new runs:
     * <ul>
     *   <li>{@code WRITE_DELAY=0}: by default (500 ms) H2's MVStore keeps committed changes in memory and a
     *       background thread writes them to the file up to half a second later. With 0, each transaction's changes
     *       are written to the file as a chunk before the commit returns (MVStore's
     *       {@code TransactionStore.endTransaction} commits the store when the delay is 0).</li>
     *   <li>{@code REUSE_SPACE=FALSE}: by default new chunks also go into the space of dead ones, inside the file.
     *       After a crash H2 looks for the newest chunk from the store header and from the chunk at the end of the
     *       file, and chunks written inside the file since the header was last written can be missed: in a file
     *       left by a kill, header and last chunk named chunk 0x8b while chunks 0x8c to 0x90 sat at the start of
     *       the file, and the database opened at 0x8b. Appended chunks are always found. The file then only grows
     *       while the node runs; {@link #compact} reclaims it before a node opens it.</li>
     * </ul>
     * Measured on 2 shared cores (one 300-byte event per persist, 3 runs each): about 1,100 sequential persists/s
     * become about 700 (median 0.55 ms to 0.8 ms each), and the file grows about 30 KiB per persist until it is
     * compacted; the supervisor persists a few events per second at most. The file is written, not synced: this survives the
     * process dying, not the machine losing power (use PostgreSQL for that).
     */
    static String h2Url(JournalSettings.H2File h2) {
        // TRACE_LEVEL_FILE=0: no .trace.db file beside the journal; failures reach Pekko as exceptions and are logged.
        return "jdbc:h2:file:" + h2Path(h2)
                + ";DB_CLOSE_ON_EXIT=FALSE;DATABASE_TO_UPPER=false;TRACE_LEVEL_FILE=0;WRITE_DELAY=0;REUSE_SPACE=FALSE";
    }

    private static Path h2Path(JournalSettings.H2File h2) {
        return h2.path().toAbsolutePath().normalize();
    }

    /**
     * Compacts the embedded journal's file when it is over 16 MiB and less than half of it is live data (its space
     * is never reused while a node runs, see {@link #h2Url}): H2 copies the live data to a new file, closes it
     * (synced) and renames it over the old one, so a kill meanwhile leaves the old file, which H2 cleans up after at
     * the next open. Call it before anything opens the database. Measured: a 168 MiB file of 5,200 events became
     * 2.2 MiB in 0.45 s.
     *
     * @return what it did; empty for PostgreSQL, a missing file, or one that does not need it
     * @throws UncheckedIOException if the file could not be read
     * @throws org.h2.mvstore.MVStoreException if H2 could not open it (another process has it, or it is corrupt)
     */
    public static Optional<Compaction> compact(JournalSettings settings) {
        return compact(settings, COMPACT_FILES_OVER_BYTES, COMPACT_BELOW_LIVE_PERCENT);
    }

    static Optional<Compaction> compact(JournalSettings settings, long overBytes, int belowLivePercent) {
        if (settings.backend() != JournalSettings.Backend.H2) {
            return Optional.empty();
        }
        Path file = Path.of(h2Path(settings.h2()) + ".mv.db");
        try {
            if (!Files.isRegularFile(file) || Files.size(file) <= overBytes) {
                return Optional.empty();
            }
            MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
            int live;
            try {
                live = store.getFileStore().getChunksFillRate();
            } finally {
                store.closeImmediately();
            }
            if (live >= belowLivePercent) {
                return Optional.empty();
            }
            long before = Files.size(file);
            long started = System.nanoTime();
            MVStoreTool.compact(file.toString(), false);
            return Optional.of(new Compaction(before, Files.size(file), Duration.ofNanos(System.nanoTime() - started)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the journal and snapshot tables if they do not exist (idempotent on H2 and PostgreSQL). The database
     * is opened and the script runs off the default dispatcher, on {@value #BLOCKING_DISPATCHER}.
     */
    public static CompletionStage<Done> createSchema(ActorSystem<?> system) {
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(BLOCKING_DISPATCHER));
        return CompletableFuture.supplyAsync(() -> SchemaUtils.createIfNotExists(system), blocking)
                .thenCompose(created -> created);
    }

    /**
     * How a node prepares its journal before anything persists: creates the tables if they are missing
     * ({@code interlude.journal.create-schema = true}, the default), or only checks that they are there and fails
     * with what to do if not (the tables made beforehand with {@code interlude db init}, by a user allowed to).
     */
    public static Function<ActorSystem<?>, CompletionStage<Done>> preparation(JournalSettings settings) {
        if (settings.createSchema()) {
            return Journal::createSchema;
        }
        return system -> {
            Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(BLOCKING_DISPATCHER));
            return CompletableFuture.supplyAsync(() -> {
                SchemaStatus status;
                try {
                    status = schemaStatus(settings);
                } catch (SQLException e) {
                    throw new IllegalStateException("could not read the journal's tables in " + where(settings)
                            + ": " + e.getMessage(), e);
                }
                if (!status.complete()) {
                    throw new IllegalStateException(missingTables(status));
                }
                return Done.getInstance();
            }, blocking);
        };
    }

    /** What a node that may not create its tables says when some are missing: which, where, and what to do. */
    public static String missingTables(SchemaStatus status) {
        return "the journal's table(s) " + String.join(", ", status.missing()) + " are missing in " + status.where()
                + "; create them with `interlude db init` (as a user allowed to create tables), or let the node "
                + "create them: interlude.journal.create-schema = true";
    }

    /**
     * Which of the journal's {@link #TABLES} the configured database has, looked up in the schema a connection
     * starts in (PostgreSQL's {@code search_path}, H2's {@code PUBLIC}). It opens one connection, on the calling
     * thread: call it off the actors' dispatchers. An embedded file that does not exist yet is created, empty.
     *
     * @throws SQLException if the database cannot be reached or refuses the connection
     */
    public static SchemaStatus schemaStatus(JournalSettings settings) throws SQLException {
        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (Connection connection = connect(settings)) {
            DatabaseMetaData metadata = connection.getMetaData();
            String schema = connection.getSchema();
            for (String table : TABLES) {
                try (ResultSet found = metadata.getTables(connection.getCatalog(), schema, table, null)) {
                    (found.next() ? present : missing).add(table);
                }
            }
        }
        return new SchemaStatus(where(settings), present, missing);
    }

    /** One connection, given up after the journal's connection timeout (the driver's own, not the JVM-wide one). */
    private static Connection connect(JournalSettings settings) throws SQLException {
        return switch (settings.backend()) {
            case H2 -> DriverManager.getConnection(h2Url(settings.h2()), "sa", "");
            case POSTGRES -> {
                Properties login = new Properties();
                login.setProperty("user", settings.postgres().user());
                login.setProperty("password", settings.postgres().password());
                String seconds = Long.toString(Math.max(1, settings.connectionTimeout().toSeconds()));
                login.setProperty("connectTimeout", seconds);
                login.setProperty("loginTimeout", seconds);
                yield DriverManager.getConnection(settings.postgres().url(), login);
            }
        };
    }

    /** The database, for messages: never the password. */
    public static String where(JournalSettings settings) {
        return switch (settings.backend()) {
            case H2 -> "the embedded journal " + h2Path(settings.h2()) + ".mv.db";
            case POSTGRES -> "PostgreSQL " + JournalSettings.redacted(settings.postgres().url()) + " as "
                    + settings.postgres().user();
        };
    }
}
