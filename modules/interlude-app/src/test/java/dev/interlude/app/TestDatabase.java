package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own on the PostgreSQL server on 127.0.0.1:5432 (user {@code postgres}, trust authentication),
 * for the tests of nodes that journal to PostgreSQL. Without a server the calling test is skipped, with the reason
 * printed, unless {@code CI=true}: CI must run it.
 */
final class TestDatabase {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private TestDatabase() {
    }

    /** Drops {@code database} (closing any connection still open to it) and creates it empty. */
    static void fresh(String database, Class<?> test, String what) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", USER);
        login.setProperty("connectTimeout", "3");
        login.setProperty("loginTimeout", "3");
        Connection admin;
        try {
            admin = DriverManager.getConnection(SERVER + "postgres", login);
        } catch (SQLException e) {
            String reason = "PostgreSQL is not reachable at 127.0.0.1:5432 as \"" + USER + "\" (" + e.getMessage()
                    + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + "; CI=true: " + what + " must be tested");
            }
            System.out.println("SKIPPED " + test.getSimpleName() + ": " + reason);
            Assumptions.assumeTrue(false, reason);
            return;
        }
        try (admin; Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        }
    }
}
