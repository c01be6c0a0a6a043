package dev.interlude.http;

import com.typesafe.config.Config;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.config.SettingsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's HTTP settings ({@code interlude.http}), checked as they are read: every problem is named by its path.
 *
 * @param enabled           whether the node serves HTTP at all
 * @param host              the interface it listens on
 * @param port              the port (0: any free port)
 * @param token             the bearer token mutating routes need; empty: they are refused to everyone
 * @param readsRequireToken whether reads need the token too
 * @param maxBodyBytes      the largest request body accepted
 * @param maxJsonDepth      the most levels of nested objects and arrays a JSON request body may have
 */
public record HttpSettings(boolean enabled, String host, int port, Optional<String> token, boolean readsRequireToken,
                           int maxBodyBytes, int maxJsonDepth) {

    /** The bounds of {@code max-json-depth}: deep enough for any task definition, shallow for every parser. */
    static final int MIN_JSON_DEPTH = 2;
    static final int MAX_JSON_DEPTH = 256;
    /** The largest request body a node may accept: a task definition is a few KiB. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /**
     * The longest any HTTP-side wait may be (the supervisor's answer, the status hub's, a webhook attempt): far below
     * the ~248 days Pekko's scheduler accepts, and longer than any client or receiver should be kept waiting.
     */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private static final SettingsReader<HttpSettings> READER = HttpSettings::read;

    private static final Set<String> KEYS = Set.of("enabled", "host", "port", "token", "token-file",
            "reads-require-token", "max-body", "max-json-depth", "tasks", "health", "history", "events");

    public HttpSettings {
        token = token.filter(t -> !t.isBlank());
    }

    /** The token is never printed, not even in a settings dump. */
    @Override
    public String toString() {
        return "HttpSettings[enabled=" + enabled + ", host=" + host + ", port=" + port + ", token="
                + (token.isPresent() ? "(set)" : "(none)") + ", readsRequireToken=" + readsRequireToken
                + ", maxBodyBytes=" + maxBodyBytes + ", maxJsonDepth=" + maxJsonDepth + "]";
    }

    /**
     * Reads {@code interlude.http} from {@code root} (with the reference defaults as its fallback).
     *
     * @throws InvalidInputException with every problem, by path
     */
    public static HttpSettings load(Config root) {
        return READER.load(root);
    }

    /** The problems of {@code interlude.http} in {@code root}, by path; empty if it is fine. */
    public static List<Problem> problems(Config root) {
        return READER.problems(root);
    }

    private static HttpSettings read(Config root, List<Problem> problems) {
        Optional<ConfigSection> http = new ConfigSection(root.root(), "", problems).requiredSection("interlude")
                .flatMap(i -> i.requiredSection("http"));
        if (http.isEmpty()) {
            return null;
        }
        ConfigSection c = http.get();
        c.allowOnly(KEYS);
        MonitoringSettings.read(c);
        EventSettings.read(c); // the status feed's block: its problems stop a node before it starts, with the rest
        c.require("enabled", "host", "port", "max-body", "max-json-depth");
        Optional<Boolean> enabled = c.bool("enabled");
        Optional<String> host = c.nonBlankString("host");
        Optional<Integer> port = c.wholeNumber("port", "a port number", 0, 65535);
        Optional<Integer> maxBody = c.byteSize("max-body", 1, MAX_BODY_BYTES);
        Optional<Integer> maxJsonDepth = c.wholeNumber("max-json-depth", "a whole number of levels", MIN_JSON_DEPTH,
                MAX_JSON_DEPTH);
        TaskApiSettings.read(c); // checked with the rest; the task routes read it themselves
        Optional<Boolean> readsRequireToken = c.has("reads-require-token") ? c.bool("reads-require-token")
                : Optional.of(false);
        Optional<String> token = c.has("token") ? c.string("token").filter(t -> !t.isBlank()) : Optional.empty();
        String tokenFile = c.has("token-file") ? c.string("token-file").orElse("") : "";
        if (token.isEmpty() && !tokenFile.isBlank()) {
            token = readTokenFile(Path.of(tokenFile), c);
        }
        if (enabled.isEmpty() || host.isEmpty() || port.isEmpty() || maxBody.isEmpty() || maxJsonDepth.isEmpty()
                || readsRequireToken.isEmpty()) {
            return null;
        }
        return new HttpSettings(enabled.get(), host.get(), port.get(), token, readsRequireToken.get(), maxBody.get(),
                maxJsonDepth.get());
    }

    private static Optional<String> readTokenFile(Path file, ConfigSection c) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            if (first.isEmpty()) {
                c.problem("token-file", "the token file " + file + " is empty");
                return Optional.empty();
            }
            return Optional.of(first);
        } catch (IOException e) {
            c.problem("token-file", "cannot read the token file " + file + ": " + e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
