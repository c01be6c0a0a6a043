package dev.interlude.engine.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the supervisor's journal lives ({@code interlude.journal}): an embedded H2 file (the default) or PostgreSQL.
 * Every problem is reported by its path before anything starts, unknown keys included. The PostgreSQL password is
 * never part of a message, a problem or {@link #toString()}.
 *
 * @param backend           which database holds the journal
 * @param h2                the embedded database's settings (read whatever the backend, so typos are caught early)
 * @param postgres          PostgreSQL's settings
 * @param poolSize          connections to the database, and the threads that use them
 * @param connectionTimeout how long a journal write or read waits for a connection before it fails
 * @param createSchema      whether a node creates the journal's tables when they are missing (else it only checks
 *                          they are there: {@code interlude db init} made them)
 */
public record JournalSettings(Backend backend, H2File h2, PostgresServer postgres, int poolSize,
                              Duration connectionTimeout, boolean createSchema) {

    /** HikariCP refuses shorter connection timeouts. */
    public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);
    /** A journal write waiting longer than this for a connection holds the supervisor up for nothing. */
    public static final Duration MAX_CONNECTION_TIMEOUT = Duration.ofMinutes(10);

    private static final Set<String> KEYS = Set.of("backend", "pool-size", "connection-timeout", "create-schema", "h2",
            "postgres");
    private static final Set<String> H2_KEYS = Set.of("path");
    private static final Set<String> POSTGRES_KEYS = Set.of("url", "user", "password");
    private static final List<String> BACKEND_KEYS = Arrays.stream(Backend.values()).map(Backend::key).toList();

    public enum Backend {
        H2("h2"), POSTGRES("postgres");

        private final String key;

        Backend(String key) {
            this.key = key;
        }

        /** The name in the configuration: {@code h2}, {@code postgres}. */
        public String key() {
            return key;
        }
    }

    /** @param path the database file, without H2's {@code .mv.db} suffix; relative to the working directory */
    public record H2File(Path path) {
        public H2File {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A PostgreSQL server; {@link #toString()} leaves the password out. */
    public record PostgresServer(String url, String user, String password) {
        public PostgresServer {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "PostgresServer[url=" + redacted(url) + ", user=" + user + ", password="
                    + (password.isEmpty() ? "(none)" : "***") + "]";
        }
    }

    public JournalSettings {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(h2, "h2");
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    }

    /** An embedded H2 journal at {@code path}, with the reference pool settings. */
    public static JournalSettings h2(Path path) {
        return new JournalSettings(Backend.H2, new H2File(path),
                new PostgresServer("jdbc:postgresql://127.0.0.1:5432/interlude", "interlude", ""), 4,
                Duration.ofSeconds(10), true);
    }

    /** A PostgreSQL journal, with the reference pool settings. */
    public static JournalSettings postgres(String url, String user, String password) {
        return new JournalSettings(Backend.POSTGRES, new H2File(Path.of("data/journal")),
                new PostgresServer(url, user, password), 4, Duration.ofSeconds(10), true);
    }

    /**
     * Reads {@code interlude.journal} from {@code root}, which already has the reference defaults as its fallback
     * and is resolved.
     *
     * @throws InvalidInputException listing every problem found (unknown keys included), sorted by path
     */
    public static JournalSettings load(Config root) {
        List<Problem> problems = new ArrayList<>();
        Optional<JournalSettings> settings = new ConfigSection(root.root(), "", problems).requiredSection("interlude")
                .flatMap(interlude -> interlude.requiredSection("journal"))
                .flatMap(JournalSettings::read);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.stream().sorted().distinct().toList());
        }
        return settings.orElseThrow();
    }

    private static Optional<JournalSettings> read(ConfigSection journal) {
        journal.allowOnly(KEYS);
        journal.require("backend", "pool-size", "connection-timeout", "create-schema");
        Optional<Backend> backend = journal.choice("backend", BACKEND_KEYS).flatMap(name -> {
            for (Backend b : Backend.values()) {
                if (b.key().equals(name)) {
                    return Optional.of(b);
                }
            }
            journal.problem("backend", "unknown journal backend \"" + name + "\", expected h2 or postgres");
            return Optional.empty();
        });
        Optional<Integer> poolSize = journal.wholeNumber("pool-size", "a whole number of connections", 1, 100);
        Optional<Duration> timeout = journal.duration("connection-timeout", MIN_CONNECTION_TIMEOUT,
                MAX_CONNECTION_TIMEOUT);
        Optional<Boolean> createSchema = journal.bool("create-schema");
        Optional<H2File> h2 = journal.requiredSection("h2").flatMap(JournalSettings::h2Section);
        Optional<PostgresServer> postgres = journal.requiredSection("postgres").flatMap(JournalSettings::postgresSection);
        if (backend.isEmpty() || poolSize.isEmpty() || timeout.isEmpty() || createSchema.isEmpty() || h2.isEmpty()
                || postgres.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JournalSettings(backend.get(), h2.get(), postgres.get(), poolSize.get(),
                timeout.get(), createSchema.get()));
    }

    private static Optional<H2File> h2Section(ConfigSection h2) {
        h2.allowOnly(H2_KEYS);
        h2.require("path");
        return h2.ensure("path", h2.nonBlankString("path"), p -> p.indexOf(';') < 0,
                        p -> "must not contain ';' (it would end the JDBC URL), got \"" + p + "\"")
                .flatMap(p -> {
                    try {
                        return Optional.of(new H2File(Path.of(p)));
                    } catch (InvalidPathException e) {
                        h2.problem("path", "not a file path: " + e.getReason());
                        return Optional.empty();
                    }
                });
    }

    private static Optional<PostgresServer> postgresSection(ConfigSection postgres) {
        postgres.allowOnly(POSTGRES_KEYS);
        postgres.require("url", "user", "password");
        Optional<String> url = postgres.ensure("url", postgres.nonBlankString("url"),
                u -> u.startsWith("jdbc:postgresql:"),
                u -> "expected a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/interlude, got \""
                        + u + "\"");
        Optional<String> user = postgres.nonBlankString("user");
        Optional<String> password = password(postgres);
        if (url.isEmpty() || user.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PostgresServer(url.get(), user.get(), password.get()));
    }

    /** Any scalar is accepted as text; a problem never quotes the value, which is a secret. */
    private static Optional<String> password(ConfigSection postgres) {
        if (!postgres.has("password")) {
            return Optional.empty(); // already reported by require
        }
        ConfigValue value = postgres.object().get("password");
        return switch (value.valueType()) {
            case STRING, NUMBER, BOOLEAN -> Optional.of(String.valueOf(value.unwrapped()));
            default -> {
                postgres.problem("password", "expected a string");
                yield Optional.empty();
            }
        };
    }

    /** A JDBC URL as a message may show it: a password given in it as a parameter is masked. */
    public static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
