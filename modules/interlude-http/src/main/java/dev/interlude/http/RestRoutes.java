package dev.interlude.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.testkit.SimulationJson;
import dev.interlude.testkit.SimulationResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The REST API under {@code /api/v1}: the node's status, its queue, approvals, runs asked for by operators, and the
 * calendar, budget and forecast. Reads go through {@link ApiRoutes#reading}, changes through
 * {@link ApiRoutes#mutating} (the bearer token); query parameters are checked strictly, and a bad one is a 400 that
 * names it.
 */
public final class RestRoutes extends AllDirectives {

    /** The widest {@code /calendar} range: a year, leap day included. */
    static final int MAX_CALENDAR_DAYS = 366;

    /** The forecast length {@code /plan} gives without {@code ?hours}. */
    static final String DEFAULT_PLAN_HOURS = "24";

    private final NodeApi node;
    private final ApiRoutes api;
    private final Forecasts forecasts;

    public RestRoutes(NodeApi node, ApiRoutes api) {
        this.node = node;
        this.api = api;
        this.forecasts = new Forecasts(node);
    }

    public Route route() {
        return concat(
                path("status", () -> get(() -> api.reading(this::status))),
                path("queue", () -> get(() -> api.reading(List.of("all"), this::queue))),
                pathPrefix("approvals", () -> concat(
                        pathEndOrSingleSlash(() -> get(() -> api.reading(this::approvals))),
                        path(segment().slash("approve"), task -> post(() -> api.mutating(by -> api.noBody(() ->
                                decide(task, by, true))))),
                        path(segment().slash("deny"), task -> post(() -> api.mutating(by -> api.noBody(() ->
                                decide(task, by, false))))))),
                path(segment("tasks").slash(segment()).slash("run"), task -> post(() -> api.mutating(by ->
                        run(task, by)))),
                path("calendar", () -> get(() -> api.reading(List.of("from", "to"), this::calendar))),
                path("budget", () -> get(() -> api.reading(List.of("at"), this::budget))),
                path("plan", () -> get(() -> api.reading(List.of("hours"), this::plan))));
    }

    // ---- the node now ----

    /** The status, with the node's health verdict ({@code healthy}, {@code degraded}, {@code unhealthy}). */
    private Route status() {
        return api.answer(node.state().thenCombine(node.health(), (state, health) -> {
            Map<String, Object> body = new StatusView(node, state, node.clock().instant()).status();
            body.put("health", health.status().id());
            return body;
        }), Api::ok);
    }

    private Route approvals() {
        return api.answer(node.state(), state -> Api.ok(new StatusView(node, state, node.clock().instant())
                .approvals()));
    }

    private Route queue(QueryParams query) {
        boolean all = query.flag("all");
        CompletionStage<Map<String, Object>> body = node.state().thenCompose(state -> {
            Instant now = node.clock().instant();
            StatusView status = new StatusView(node, state, now);
            QueueView queue = new QueueView(node.catalog(), node.planner().settings(), status.plan(),
                    status::local);
            Duration horizon = Forecasts.queueHorizon(node.windows(), now);
            CompletionStage<Optional<SimulationResult>> forecast = queue.waiting(all).isEmpty()
                    ? CompletableFuture.completedFuture(Optional.empty())
                    : forecasts.queueForecast(state, now, horizon).thenApply(Optional::of);
            return forecast.thenApply(result -> queue.body(all, result, now.plus(horizon)));
        });
        return api.answer(body, Api::ok);
    }

    // ---- operators ----

    /** Approve or deny {@code task} until the end of the research window (or trading cycle) the node is in. */
    private Route decide(String task, String by, boolean approve) {
        CompletionStage<Done> decided = approve ? node.approve(task, by) : node.deny(task, by);
        return api.answer(decided.thenCompose(done -> node.state()), state -> {
            Map<String, Instant> decisions = approve ? state.approvals() : state.denials();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("task", task);
            body.put("decision", approve ? "approved" : "denied");
            body.put("until", Optional.ofNullable(decisions.get(task))
                    .map(until -> BudgetJson.local(until, node.windows().zone())).orElse(null));
            body.put("by", by);
            return Api.ok(body);
        });
    }

    /** The body of {@code POST /api/v1/tasks/{name}/run}; optional. */
    record RunBody(Map<String, String> parameters) {
    }

    private Route run(String task, String by) {
        return api.jsonBody(body -> {
            Map<String, String> parameters = body.map(this::parameters).orElse(Map.of());
            return api.answer(node.requestRun(task, parameters, by), requestId -> {
                Map<String, Object> queued = new LinkedHashMap<>();
                queued.put("requestId", requestId);
                queued.put("task", task);
                return Api.json(StatusCodes.ACCEPTED, queued);
            });
        });
    }

    /** The run's parameters: names to strings, each name not empty. */
    private Map<String, String> parameters(byte[] body) {
        RunBody run = api.bodies().read(body, RunBody.class);
        Map<String, String> parameters = run.parameters() == null ? Map.of() : run.parameters();
        if (parameters.keySet().stream().anyMatch(String::isBlank)) {
            throw new Api.Refused(StatusCodes.BAD_REQUEST, "field \"parameters\": a parameter name must not be "
                    + "empty");
        }
        return parameters;
    }

    // ---- time ----

    private Route calendar(QueryParams query) {
        LocalDate from = checked(() -> TimeInput.date(name("from"), query.required("from", "a date such as "
                + "2026-11-27")));
        LocalDate to = checked(() -> TimeInput.date(name("to"), query.required("to", "a date such as "
                + "2026-12-31")));
        if (to.isBefore(from)) {
            throw new Api.Refused(StatusCodes.BAD_REQUEST, name("to") + ": must not be before \"from\" (" + from
                    + "), got " + to);
        }
        if (from.plusDays(MAX_CALENDAR_DAYS).isBefore(to)) {
            throw new Api.Refused(StatusCodes.BAD_REQUEST, name("to") + ": must be at most " + MAX_CALENDAR_DAYS
                    + " days after \"from\" (" + from.plusDays(MAX_CALENDAR_DAYS) + " at the latest), got " + to);
        }
        return complete(Api.ok(CalendarJson.rows(node.windows().calendar().exceptionsBetween(from, to))));
    }

    private Route budget(QueryParams query) {
        Instant at = checked(() -> TimeInput.instant(name("at"), query.get("at", "now"), node.clock(),
                node.windows().zone()));
        return complete(Api.ok(BudgetJson.at(node.windows(), node.windows().zone(), at)));
    }

    /** The forecast from now, from the node's live state: the JSON of {@code interlude plan --hours N --json}. */
    private Route plan(QueryParams query) {
        Duration length = checked(() -> Forecasts.length(name("hours"), query.get("hours", DEFAULT_PLAN_HOURS)));
        CompletionStage<SimulationResult> forecast = node.state().thenCompose(state ->
                forecasts.forecast(state, node.clock().instant().truncatedTo(ChronoUnit.SECONDS), length));
        return api.answer(forecast, result -> Api.ok(SimulationJson.tree(result)));
    }

    private static String name(String parameter) {
        return QueryParams.name(parameter);
    }

    /** Runs {@code read}; the problems of bad input become a 400 with each problem, naming what it is about. */
    private static <T> T checked(Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidInputException e) {
            throw new Api.Refused(StatusCodes.BAD_REQUEST, e.problems().stream().map(Problem::toString)
                    .collect(Collectors.joining("; ")));
        }
    }
}
