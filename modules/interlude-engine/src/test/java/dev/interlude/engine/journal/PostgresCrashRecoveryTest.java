package dev.interlude.engine.journal;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * Crash recovery on PostgreSQL at 127.0.0.1:5432, in a database of its own ({@value #DATABASE}, created if missing).
 * Without a reachable server the test is skipped, with the reason printed, unless {@code CI=true}: CI must run it.
 */
class PostgresCrashRecoveryTest extends CrashRecoveryContract {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String DATABASE = "interlude_test";
    static final String USER = "postgres";

    @BeforeAll
    static void aServerAndADatabase() {
        Properties login = new Properties();
        login.setProperty("user", USER);
        login.setProperty("connectTimeout", "3");
        login.setProperty("loginTimeout", "3");
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", login)) {
            createDatabaseIfMissing(admin);
        } catch (SQLException e) {
            String reason = "PostgreSQL is not reachable at 127.0.0.1:5432 as \"" + USER + "\" (" + e.getMessage()
                    + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + "; CI=true: the PostgreSQL journal must be tested");
            }
            System.out.println("SKIPPED " + PostgresCrashRecoveryTest.class.getSimpleName() + ": " + reason);
            Assumptions.assumeTrue(false, reason);
        }
    }

    private static void createDatabaseIfMissing(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            try {
                statement.execute("CREATE DATABASE " + DATABASE);
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: another build created it meanwhile
                    throw e;
                }
            }
        }
    }

    @Override
    JournalSettings journal() {
        return JournalSettings.postgres(SERVER + DATABASE, USER, "");
    }
}
