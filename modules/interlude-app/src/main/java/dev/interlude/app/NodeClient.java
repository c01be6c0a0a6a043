package dev.interlude.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The operator commands' way to a running node: JSON over its HTTP API, with the bearer token when one is known.
 * A node that does not answer is {@link Unreachable}; a request it refuses is {@link Refused}, with the node's own
 * explanation (the {@code detail} of its problem document).
 */
final class NodeClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** The node does not answer at its URL: not running, or another address. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /** The node refused the request; {@code status} is its HTTP status. */
    static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final URI base;
    private final Optional<String> token;
    private final HttpClient client;

    NodeClient(URI base, Optional<String> token) {
        this.base = base;
        this.token = token.filter(t -> !t.isBlank());
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    /** A GET whose answer is a document also under {@code alsoOk} (e.g. the health verdict, 503 when unhealthy). */
    JsonNode get(String path, int alsoOk) {
        return send(request(path).GET(), alsoOk);
    }

    /** {@code key=value&...}, URL-encoded. */
    static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    JsonNode post(String path, Object body) {
        try {
            String json = body == null ? "" : JSON.writeValueAsString(body);
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request as JSON", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        String operator = System.getProperty("user.name", "");
        if (!operator.isBlank()) {
            request.header("X-Interlude-Operator", operator);
        }
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    private JsonNode send(HttpRequest.Builder builder) {
        return send(builder, 0);
    }

    private JsonNode send(HttpRequest.Builder builder, int alsoOk) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
            throw new Unreachable("no node answers at " + base + " (is `interlude run` running? --url sets "
                    + "the address)");
        } catch (HttpTimeoutException e) {
            throw new Unreachable("the node at " + base + " did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new Unreachable("cannot reach the node at " + base + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while waiting for the node at " + base);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400 && !(response.statusCode() == alsoOk && body != null)) {
            String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText()
                    : "HTTP " + response.statusCode();
            if (response.statusCode() == 401 && token.isEmpty()) {
                detail += " (pass --token, or set INTERLUDE_API_TOKEN)";
            }
            throw new Refused(response.statusCode(), detail);
        }
        if (body == null) {
            throw new Refused(response.statusCode(), "the node answered something that is not JSON");
        }
        return body;
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
