package dev.interlude.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The bearer token check. Both sides are hashed before the constant-time comparison, so neither the token's
 * content nor its length leaks through timing. The token itself is never logged, returned or published.
 */
public final class Auth {

    private final Optional<byte[]> expected;

    public Auth(Optional<String> token) {
        this.expected = token.map(Auth::sha256);
    }

    /** Whether a token is configured at all (without one, every mutating request is refused). */
    public boolean configured() {
        return expected.isPresent();
    }

    /**
     * Checks an {@code Authorization} header value.
     *
     * @return empty if it carries the right bearer token; otherwise why not, for the 401's detail
     */
    public Optional<String> check(Optional<String> authorization) {
        if (expected.isEmpty()) {
            return Optional.of("this node has no API token: set interlude.http.token (or INTERLUDE_API_TOKEN, or "
                    + "interlude.http.token-file) to allow changes over the API");
        }
        if (authorization.isEmpty()) {
            return Optional.of("missing Authorization header: expected \"Authorization: Bearer <token>\"");
        }
        String value = authorization.get().trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of("expected \"Authorization: Bearer <token>\"");
        }
        byte[] given = sha256(value.substring(7).trim());
        return MessageDigest.isEqual(expected.get(), given) ? Optional.empty()
                : Optional.of("the bearer token is not this node's API token");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
