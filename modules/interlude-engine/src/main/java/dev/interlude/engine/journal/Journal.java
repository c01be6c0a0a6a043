package dev.interlude.engine.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

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
     * write), with identifiers kept as the plugin's schema writes them.
     */
    static String h2Url(JournalSettings.H2File h2) {
        // TRACE_LEVEL_FILE=0: no .trace.db file beside the journal; failures reach Pekko as exceptions and are logged.
        return "jdbc:h2:file:" + h2.path().toAbsolutePath().normalize()
                + ";DB_CLOSE_ON_EXIT=FALSE;DATABASE_TO_UPPER=false;TRACE_LEVEL_FILE=0";
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
}
