package dev.interlude.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.engine.journal.Journal;
import dev.interlude.engine.journal.JournalSettings;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code interlude db init|check}: the journal's tables in the configured database ({@code interlude.journal}).
 * {@code init} creates the missing ones, as the node does at start unless {@code interlude.journal.create-schema =
 * false}; {@code check} says whether they are all there. Both name the database (never its password), and a database
 * they cannot reach is one line naming the configuration path, exit 2.
 */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "The journal's database: create its tables (init), or check they are there (check).",
        subcommands = {DbCommand.Init.class, DbCommand.Check.class})
final class DbCommand extends CommandGroup {

    /** How long creating the tables may take, the connection included. */
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

    private JournalSettings journal() {
        return JournalSettings.load(parent.setup().nodeConfig());
    }

    /** What both subcommands share: the {@code db} command (its configuration) and the output. */
    abstract static class DbSubcommand implements Callable<Integer> {

        @ParentCommand
        DbCommand db;

        @Spec
        CommandSpec spec;
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the journal's tables (event_journal, event_tag, snapshot) where they are missing. "
                    + "Safe to run again; run it as a database user allowed to create tables.")
    static final class Init extends DbSubcommand {

        @Override
        public Integer call() {
            JournalSettings journal = db.journal();
            Journal.SchemaStatus before = status(journal);
            PrintWriter out = spec.commandLine().getOut();
            if (before.complete()) {
                out.println("the journal's tables are all there in " + before.where() + ": "
                        + String.join(", ", before.present()) + " (nothing to do)");
                return Interlude.OK;
            }
            create(db.parent.setup().actorSystemConfig(journal), journal);
            Journal.SchemaStatus after = status(journal);
            if (!after.complete()) {
                throw new InvalidInputException("interlude.journal", "created the journal's tables in "
                        + after.where() + ", but " + String.join(", ", after.missing())
                        + " still cannot be found there: does the user's search_path start with the schema "
                        + "they were created in (public)?");
            }
            List<String> created = new ArrayList<>(after.present());
            created.removeAll(before.present());
            out.println("created the journal's table(s) " + String.join(", ", created) + " in " + after.where()
                    + (before.present().isEmpty() ? "" : " (already there: " + String.join(", ", before.present())
                    + ")"));
            return Interlude.OK;
        }

        /**
         * Creates the tables as a node does ({@link Journal#createSchema}), in an actor system of this process
         * alone (no cluster, nothing else started), closed again at the end.
         */
        private static void create(Config nodeConfig, JournalSettings journal) {
            Config config = ConfigFactory.parseString("""
                    pekko.actor.provider = local
                    pekko.loglevel = ERROR
                    pekko.stdout-loglevel = OFF
                    pekko.log-dead-letters = off
                    """).withFallback(nodeConfig);
            ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "interlude-db", config);
            try {
                Journal.createSchema(system).toCompletableFuture()
                        .get(CREATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidInputException("interlude.journal", "interrupted while creating the journal's "
                        + "tables in " + Journal.where(journal));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new InvalidInputException(urlPath(journal), "could not create the journal's tables in "
                        + Journal.where(journal) + ": " + cause.getMessage());
            } catch (TimeoutException e) {
                throw new InvalidInputException(urlPath(journal), "creating the journal's tables in "
                        + Journal.where(journal) + " took longer than " + CREATE_TIMEOUT.toSeconds() + " s");
            } finally {
                system.terminate();
                try {
                    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // the tables are made or the failure reported; the process ends anyway
                }
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check that the journal's tables are there: a line naming them, or the missing ones "
                    + "(exit 2).")
    static final class Check extends DbSubcommand {

        @Override
        public Integer call() {
            Journal.SchemaStatus status = status(db.journal());
            if (!status.complete()) {
                throw new InvalidInputException("interlude.journal", Journal.missingTables(status));
            }
            spec.commandLine().getOut().println("the journal's tables are all there in " + status.where() + ": "
                    + String.join(", ", status.present()));
            return Interlude.OK;
        }
    }

    /** Which tables are there; a database that cannot be reached is a problem of the configuration naming it. */
    private static Journal.SchemaStatus status(JournalSettings journal) {
        try {
            return Journal.schemaStatus(journal);
        } catch (SQLException e) {
            throw new InvalidInputException(urlPath(journal), "could not reach " + Journal.where(journal) + ": "
                    + e.getMessage());
        }
    }

    /** The configuration path that says where the database is. */
    private static String urlPath(JournalSettings journal) {
        return journal.backend() == JournalSettings.Backend.H2 ? "interlude.journal.h2.path"
                : "interlude.journal.postgres.url";
    }
}
