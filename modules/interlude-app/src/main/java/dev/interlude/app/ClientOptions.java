package dev.interlude.app;

import com.typesafe.config.Config;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.http.HttpSettings;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How an operator command finds the node: {@code --url} (or {@code INTERLUDE_URL}, or the node's own
 * {@code interlude.http} host and port), and the token ({@code --token}, or the node's configured token from
 * {@code INTERLUDE_API_TOKEN}, {@code interlude.http.token} or its token file).
 */
final class ClientOptions {

    @Option(names = "--url", paramLabel = "URL",
            description = "The node's HTTP address (default: $INTERLUDE_URL, or interlude.http.host and port).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The API token (default: $INTERLUDE_API_TOKEN or interlude.http.token / token-file).")
    String token;

    NodeClient client(Interlude parent) {
        Setup setup = parent.setup();
        Config config = setup.config();
        String address = url != null ? url : setup.environment().get("INTERLUDE_URL")
                .filter(u -> !u.isBlank()).orElse(null);
        HttpSettings http = null;
        if (address == null || token == null) {
            http = HttpSettings.load(config);
        }
        if (address == null) {
            String host = http.host().equals("0.0.0.0") ? "127.0.0.1" : http.host();
            address = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port();
        }
        URI base;
        try {
            base = URI.create(address.endsWith("/") ? address : address + "/");
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--url", "expected an http:// or https:// address like "
                    + "http://127.0.0.1:8080, got \"" + address + "\"");
        }
        Optional<String> key = token != null ? Optional.of(token) : http.token();
        return new NodeClient(base, key);
    }
}
