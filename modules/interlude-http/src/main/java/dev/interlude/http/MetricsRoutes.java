package dev.interlude.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /metrics}: the Prometheus text (or OpenMetrics, if the scraper asks for it); and
 * {@code GET /api/v1/metrics?since=24h}: throughput, durations and error rates from the run history, overall and per
 * task, as JSON ({@link RunSummary}).
 */
final class MetricsRoutes extends AreaRoutes {

    private static final List<String> PARAMS = List.of("since");
    /** How far back {@code /api/v1/metrics} reaches at most (its hourly series has one entry an hour). */
    private static final Duration LONGEST = Duration.ofDays(90);

    private final Map<String, ContentType> contentTypes = new ConcurrentHashMap<>();

    MetricsRoutes(ApiRoutes api, NodeApi node) {
        super(api, node);
    }

    /** {@code /metrics}, at the root: where Prometheus looks by default. */
    Route prometheus() {
        return path("metrics", () -> get(() -> api.reading(() -> optionalHeaderValueByName("Accept", accept ->
                api.answer(node.monitoring().vitals(node).thenApply(v -> node.monitoring().metrics()
                        .scrape(v, accept.orElse(""))), this::scraped)))));
    }

    /** {@code /api/v1/metrics}. */
    Route route() {
        return path("metrics", () -> get(() -> api.reading(PARAMS, query -> complete(summary(query)))));
    }

    private HttpResponse scraped(Metrics.Scrape scrape) {
        ContentType type = contentTypes.computeIfAbsent(scrape.contentType(), ContentTypes::parse);
        return HttpResponse.create().withEntity(HttpEntities.create(type, scrape.body()));
    }

    private HttpResponse summary(QueryParams query) {
        Instant now = node.clock().instant();
        Instant since = query.since(now, node.windows().zone(), Duration.ofHours(24), LONGEST);
        return Api.ok(node.monitoring().history().summary(since, now));
    }
}
