package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * SIGKILLs on a PostgreSQL journal at 127.0.0.1:5432, in a database created for the run and dropped after it.
 * Without a reachable server the test is skipped, with the reason printed, unless {@code CI=true}: CI must run it.
 */
class PostgresKillNineTest extends KillNineContract {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private String database;

    @BeforeEach
    void aDatabaseOfItsOwn() {
        String name = "interlude_kill9_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            database = name;
        } catch (SQLException e) {
            String reason = "PostgreSQL is not reachable at 127.0.0.1:5432 as \"" + USER + "\" (" + e.getMessage()
                    + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + "; CI=true: the PostgreSQL journal must be tested");
            }
            System.out.println("SKIPPED " + PostgresKillNineTest.class.getSimpleName() + ": " + reason);
            Assumptions.assumeTrue(false, reason);
        }
    }

    /** Runs after the test method, whose finally block has already killed the node. */
    @AfterEach
    void dropTheDatabase() throws SQLException {
        if (database != null) {
            try (Connection admin = admin(); Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static Connection admin() throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", USER);
        login.setProperty("connectTimeout", "3");
        login.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(SERVER + "postgres", login);
    }

    @Override
    String backend() {
        return "postgres";
    }

    @Override
    Map<String, String> journalEnvironment(Path dir) {
        return Map.of("INTERLUDE_JOURNAL_BACKEND", "postgres", "INTERLUDE_JOURNAL_URL", SERVER + database,
                "INTERLUDE_JOURNAL_USER", USER, "INTERLUDE_JOURNAL_PASSWORD", "");
    }
}
