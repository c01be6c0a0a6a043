package dev.interlude.http;

import dev.interlude.http.RunHistory.Attempt;
import dev.interlude.http.RunHistory.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/runs}: the execution history (the audit trail), newest first, paged.
 *
 * <p>Parameters: {@code since} (default 24h: attempts still running or that ended since then), {@code task} (a
 * task of the catalog or of the history), {@code status} (succeeded, failed, abandoned, interrupted, running),
 * {@code limit} (1 to 1000, default 100), {@code cursor} (the {@code nextCursor} of the page before).
 */
final class HistoryRoutes extends AreaRoutes {

    private static final List<String> PARAMS = List.of("since", "task", "status", "limit", "cursor");
    /** How far back {@code since} may reach: further than any history kept. */
    private static final Duration LONGEST = Duration.ofDays(3660);
    private static final String CURSOR_PREFIX = "before:";

    HistoryRoutes(ApiRoutes api, NodeApi node) {
        super(api, node);
    }

    Route route() {
        return path("runs", () -> get(() -> api.reading(PARAMS, query -> complete(runs(query)))));
    }

    private HttpResponse runs(QueryParams query) {
        RunHistory history = node.monitoring().history();
        Instant now = node.clock().instant();
        Instant since = query.since(now, node.windows().zone(), Duration.ofHours(24), LONGEST);
        Optional<String> task = query.get("task");
        if (task.isPresent() && !node.catalog().contains(task.get()) && !history.knows(task.get())) {
            throw new Api.Refused(StatusCodes.NOT_FOUND, "unknown task \"" + task.get() + "\": query parameter "
                    + "\"task\" names a task of the catalog or one in the history");
        }
        Optional<Status> status = query.get("status").map(s -> Status.ofId(s.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> QueryParams.refused("query parameter \"status\": expected one of "
                        + Arrays.stream(Status.values()).map(Status::id).collect(Collectors.joining(", "))
                        + ", got \"" + s + "\"")));
        int limit = query.number("limit", 1, 1000, 100);
        OptionalLong before = query.get("cursor").map(HistoryRoutes::decodeCursor).orElse(OptionalLong.empty());
        RunHistory.Page page = history.page(new RunHistory.Query(since, task, status, limit, before));
        Map<String, Object> body = new LinkedHashMap<>();
        ZoneId zone = node.windows().zone();
        body.put("since", local(since, zone));
        body.put("runs", page.attempts().stream().map(a -> json(a, zone)).toList());
        body.put("nextCursor", page.nextBefore().isPresent() ? encodeCursor(page.nextBefore().getAsLong()) : null);
        return Api.ok(body);
    }

    /** An attempt as the API shows it, its instants in the exchange's zone like every other route's. */
    static Map<String, Object> json(Attempt a, ZoneId zone) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("runId", a.runId());
        run.put("task", a.task());
        run.put("attempt", a.attempt());
        run.put("status", a.status().id());
        run.put("startedAt", local(a.startedAt(), zone));
        run.put("endedAt", a.endedAt().map(e -> local(e, zone)).orElse(null));
        run.put("durationMs", a.duration().map(Duration::toMillis).orElse(null));
        if (!a.detail().isEmpty()) {
            run.put(a.status() == Status.SUCCEEDED ? "result" : "error", a.detail());
        }
        return run;
    }

    private static OffsetDateTime local(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime();
    }

    /** A cursor: where the next page starts, opaque to clients. */
    static String encodeCursor(long beforeSequenceNr) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + beforeSequenceNr).getBytes(StandardCharsets.UTF_8));
    }

    static OptionalLong decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_PREFIX)) {
                long before = Long.parseLong(text.substring(CURSOR_PREFIX.length()));
                if (before > 0) {
                    return OptionalLong.of(before);
                }
            }
        } catch (IllegalArgumentException e) {
            // refused below (NumberFormatException is one)
        }
        throw QueryParams.refused("query parameter \"cursor\": \"" + cursor + "\" is not a cursor of this API; "
                + "pass the nextCursor of the previous page as it is");
    }
}
