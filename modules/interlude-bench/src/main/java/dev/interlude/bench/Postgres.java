package dev.interlude.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * The PostgreSQL server the benchmarks use (trust authentication), and the schemas they make on it: each benchmark
 * gets a schema of its own, dropped and created again on every run, so nothing else on the server is touched.
 *
 * @param url  the database's JDBC URL, without parameters
 * @param user who logs in
 */
record Postgres(String url, String user) {

    /** Why the server cannot be used (it does not answer, or refuses the login), or empty when it can. */
    Optional<String> unavailable() {
        try (Connection ignored = connect(url)) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("PostgreSQL at " + url + " does not answer: " + e.getMessage());
        }
    }

    /**
     * A node's journal in a fresh {@code schema} ({@link #freshJournalSchema}), or empty, with a note in
     * {@code report} that {@code skipped} was skipped and why, when the server cannot be used.
     */
    Optional<BenchNode.Pg> freshStore(String schema, Report report, String skipped) throws SQLException {
        Optional<String> down = unavailable();
        if (down.isPresent()) {
            report.note(skipped + " skipped: " + down.get());
            return Optional.empty();
        }
        freshJournalSchema(schema);
        return Optional.of(new BenchNode.Pg(this, schema));
    }

    String urlWithSchema(String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    Connection connect(String jdbcUrl) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("connectTimeout", "3");
        login.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(jdbcUrl, login);
    }

    /** Drops {@code schema} with everything in it, and creates it empty. */
    void freshSchema(String schema) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    /**
     * A fresh {@code schema} with pekko-persistence-jdbc's journal and snapshot tables, from the script the plugin
     * ships (which names the {@code public} schema; here it names this one).
     */
    void freshJournalSchema(String schema) throws SQLException {
        freshSchema(schema);
        String script = resource("schema/postgres/postgres-create-schema.sql").replace("public.", schema + ".");
        // The durable-state table and its concurrent indexes are not the supervisor's.
        script = script.substring(0, script.indexOf("CREATE TABLE IF NOT EXISTS " + schema + ".durable_state"));
        runScript(urlWithSchema(schema), script);
    }

    /** Runs the statements of {@code script} (separated by semicolons, {@code --} comments left out) one by one. */
    void runScript(String jdbcUrl, String script) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        try (Connection c = connect(jdbcUrl); Statement s = c.createStatement()) {
            for (String statement : sql.toString().split(";")) {
                String trimmed = statement.strip();
                if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase("COMMIT")) {
                    s.execute(trimmed);
                }
            }
        }
    }

    static String resource(String name) {
        try (InputStream in = Postgres.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no " + name + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
