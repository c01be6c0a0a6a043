package dev.interlude.engine.handler;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.pattern.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;

/**
 * One Pekko {@link CircuitBreaker} per endpoint (scheme://host:port), created on first use. The planner asks
 * {@link #isOpen(URI)} to hold back tasks whose endpoint is known to be down, instead of spending their attempts.
 */
public final class CircuitBreakers {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakers.class);

    private final HandlerSettings.CircuitBreaker settings;
    private final Scheduler scheduler;
    private final ExecutionContext executionContext;
    private final ConcurrentMap<URI, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    /**
     * @param scheduler        the classic scheduler ({@code Adapter.toClassic(system).scheduler()})
     * @param executionContext where the breakers' state listeners run
     */
    public CircuitBreakers(HandlerSettings.CircuitBreaker settings, Scheduler scheduler,
                           ExecutionContext executionContext) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.executionContext = Objects.requireNonNull(executionContext, "executionContext");
    }

    public HandlerSettings.CircuitBreaker settings() {
        return settings;
    }

    /** {@code scheme://host:port} of {@code url}, with the scheme's default port when the URL names none. */
    public static URI endpoint(URI url) {
        String scheme = Objects.requireNonNull(url.getScheme(), "url without a scheme: " + url)
                .toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
        String host = Objects.requireNonNull(url.getHost(), "url without a host: " + url).toLowerCase(Locale.ROOT);
        return URI.create(scheme + "://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                + ":" + port);
    }

    /** The breaker of {@code url}'s endpoint. */
    public CircuitBreaker forUrl(URI url) {
        return breakers.computeIfAbsent(endpoint(url), this::create);
    }

    /**
     * True while {@code url}'s endpoint is open: calls are rejected without being made. Half-open (one trial call
     * allowed) and closed answer false.
     */
    public boolean isOpen(URI url) {
        CircuitBreaker breaker = breakers.get(endpoint(url));
        return breaker != null && breaker.isOpen();
    }

    /** The endpoints whose breaker is open now, sorted. */
    public SortedSet<URI> openEndpoints() {
        SortedSet<URI> open = new TreeSet<>();
        breakers.forEach((endpoint, breaker) -> {
            if (breaker.isOpen()) {
                open.add(endpoint);
            }
        });
        return open;
    }

    private CircuitBreaker create(URI endpoint) {
        return new CircuitBreaker(executionContext, scheduler, settings.maxFailures(), settings.callTimeout(),
                settings.resetTimeout())
                .addOnOpenListener(() -> log.warn("circuit breaker for {} opened after {} failures; retrying in {}",
                        endpoint, settings.maxFailures(), settings.resetTimeout()))
                .addOnHalfOpenListener(() -> log.info("circuit breaker for {} half-open: one trial call", endpoint))
                .addOnCloseListener(() -> log.info("circuit breaker for {} closed", endpoint));
    }
}
