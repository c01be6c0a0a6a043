package dev.interlude.http.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One receiver of webhooks ({@code interlude.webhooks[index]}), as checked by {@link WebhookSettings}.
 *
 * @param index          its place in {@code interlude.webhooks}, to name it in logs
 * @param url            where deliveries are POSTed (http or https)
 * @param events         what it wants to be told
 * @param secret         the HMAC-SHA256 key deliveries are signed with; never logged nor printed
 * @param timeout        how long one attempt may take, connecting included
 * @param maxAttempts    attempts per delivery, the first one included
 * @param initialBackoff the longest wait before the first retry
 * @param maxBackoff     the longest wait before any retry
 * @param maxQueue       how many deliveries may wait behind the one being attempted; a new one beyond that drops the
 *                       oldest waiting one
 */
public record WebhookEndpoint(int index, URI url, Set<WebhookEvent> events, String secret, Duration timeout,
                              int maxAttempts, Duration initialBackoff, Duration maxBackoff, int maxQueue) {

    public WebhookEndpoint {
        Objects.requireNonNull(url, "url");
        events = Set.copyOf(events);
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1 || maxQueue < 1) {
            throw new IllegalArgumentException("max-attempts and max-queue are at least 1");
        }
    }

    /**
     * How the endpoint is named in logs: its configuration path and its origin only ({@code https://host:port}),
     * since a receiver's path or query often carries a token of its own.
     */
    public String label() {
        return "interlude.webhooks[" + index + "] (" + origin(url) + ")";
    }

    /** {@code scheme://host[:port]} of a URL, without user info, path, query or fragment. */
    public static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    /**
     * How long to wait before retrying after {@code failedAttempts} failed attempts (1 or more): exponential backoff
     * with equal jitter, between half and all of {@code min(initial-backoff * 2^(failedAttempts - 1), max-backoff)}.
     *
     * @param random a number from 0 (inclusive) to 1 (exclusive): where in that range the wait falls
     */
    public Duration backoff(int failedAttempts, double random) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("a backoff follows a failed attempt: " + failedAttempts);
        }
        long cap = maxBackoff.toMillis();
        long base = Math.min(initialBackoff.toMillis(), cap);
        for (int i = 1; i < failedAttempts && base < cap; i++) {
            base = base > cap / 2 ? cap : base * 2;
        }
        return Duration.ofMillis(base / 2 + (long) (random * (base - base / 2)));
    }

    /** The secret is never printed, not even in a settings dump. */
    @Override
    public String toString() {
        return "WebhookEndpoint[" + label() + ", events=" + events.stream().map(WebhookEvent::id).sorted()
                .collect(Collectors.joining(",")) + ", secret=(set), timeout=" + timeout + ", maxAttempts="
                + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff + ", maxQueue="
                + maxQueue + "]";
    }
}
