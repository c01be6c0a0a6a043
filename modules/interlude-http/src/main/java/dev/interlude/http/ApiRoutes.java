package dev.interlude.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP surface. Every answer is JSON; every error is {@code application/problem+json} with a detail that
 * names what was wrong; every mutating route needs the bearer token; bodies over {@code interlude.http.max-body}
 * are refused with 413. Areas of the API live in their own route classes and are composed here.
 */
public final class ApiRoutes extends AllDirectives {

    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

    /** The header an operator's tools may send to be named in the journal ("stopped by ..."). */
    public static final String OPERATOR_HEADER = "X-Interlude-Operator";

    private static final String DASHBOARD = "dev/interlude/http/dashboard/index.html";

    private final NodeApi node;
    private final HttpSettings settings;
    private final Auth auth;
    private final JsonBodies bodies;
    private final HistoryRoutes history;
    private final MetricsRoutes metrics;
    private final HealthRoutes health;
    // Built once: Pekko evaluates a route's inner suppliers on every request, and the REST routes own the node's
    // one forecast thread (its limit holds only if there is one).
    private final RestRoutes rest;
    private final TaskRoutes tasks;
    private final EventRoutes events;

    public ApiRoutes(NodeApi node, HttpSettings settings) {
        this.node = node;
        this.settings = settings;
        this.auth = new Auth(settings.token());
        this.bodies = new JsonBodies(settings.maxJsonDepth());
        this.history = new HistoryRoutes(this, node);
        this.metrics = new MetricsRoutes(this, node);
        this.health = new HealthRoutes(this, node);
        this.rest = new RestRoutes(node, this);
        this.tasks = new TaskRoutes(this, node);
        this.events = new EventRoutes(node, this);
    }

    public Route route() {
        return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> extractUri(uri ->
                !uri.path().startsWith("/") ? complete(Api.problem(StatusCodes.BAD_REQUEST, "the request target must "
                        + "be a path such as /api/v1/status")) : withSizeLimit(settings.maxBodyBytes(), () -> concat(
                        pathEndOrSingleSlash(() -> get(() -> query(List.of(), q -> dashboard()))),
                        path("dashboard", () -> get(() -> query(List.of(), q -> dashboard()))),
                        pathPrefix("health", () -> query(List.of(), q -> health.probes())),
                        metrics.prometheus(),
                        pathPrefix("api", () -> pathPrefix("v1", this::api)))))));
    }

    private Route api() {
        return concat(
                path("stop", () -> post(() -> mutating(this::stop))),
                path("resume", () -> post(() -> mutating(by -> noBody(() -> resume(by))))),
                rest.route(),
                pathPrefix("tasks", tasks::route),
                history.route(),
                metrics.route(),
                health.route(),

                pathPrefix("events", events::route));
    }

    /**
     * The dashboard: one static page, fed by the status feed and the read routes. It holds no data itself, so it is
     * served without a token; what it shows comes from routes that check it when reads require it.
     */
    private Route dashboard() {
        return respondWithHeader(RawHeader.create("Content-Security-Policy", "default-src 'self'; "
                        + "script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'"),
                () -> getFromResource(DASHBOARD, ContentTypes.TEXT_HTML_UTF8));
    }

    // ---- control ----

    /** The body of {@code POST /api/v1/stop}. */
    record StopRequest(String reason, Boolean cancelRunning) {
    }

    private Route stop(String by) {
        return jsonBody(body -> {
            StopRequest request = bodies.read(body.orElseThrow(() -> new Api.Refused(StatusCodes.BAD_REQUEST,
                    "expected a JSON object as the request body, such as {\"reason\": \"broker outage\"}, got "
                    + "nothing")), StopRequest.class);
            if (request.reason() == null || request.reason().isBlank()) {
                throw new Api.Refused(StatusCodes.BAD_REQUEST, "field \"reason\": expected a non-empty string "
                        + "saying why dispatch stops");
            }
            boolean cancel = Boolean.TRUE.equals(request.cancelRunning());
            return answer(node.stop(by, request.reason().strip(), cancel), done -> {
                Map<String, Object> body2 = new LinkedHashMap<>();
                body2.put("stopped", true);
                body2.put("reason", request.reason().strip());
                body2.put("cancelRunning", cancel);
                body2.put("by", by);
                return Api.ok(body2);
            });
        });
    }

    private Route resume(String by) {
        return answer(node.resume(by), done -> Api.ok(Map.of("stopped", false, "by", by)));
    }

    // ---- building blocks for every area ----

    /**
     * A route that changes something: it runs only with the node's bearer token, and takes no query parameter;
     * {@code inner} gets who is asking (the {@value #OPERATOR_HEADER} header, or "api"). It reads its body with
     * {@link #jsonBody} or refuses one with {@link #noBody}.
     */
    public Route mutating(Function<String, Route> inner) {
        return optionalHeaderValueByName("Authorization", authorization -> {
            Optional<String> refused = auth.check(authorization);
            if (refused.isPresent()) {
                return complete(unauthorized(refused.get()));
            }
            return query(List.of(), q -> optionalHeaderValueByName(OPERATOR_HEADER, operator -> inner.apply(operator
                    .map(String::strip).filter(o -> !o.isEmpty() && o.length() <= 100)
                    .map(o -> "api (" + o + ")").orElse("api"))));
        });
    }

    /** A route that only reads and takes no query parameter; see {@link #reading(List, Function)}. */
    public Route reading(Supplier<Route> inner) {
        return reading(List.of(), q -> inner.get());
    }

    /**
     * A route that only reads: open, unless {@code interlude.http.reads-require-token} says otherwise; it takes the
     * query parameters {@code allowed}, each once and with a value ({@link QueryParams}).
     */
    public Route reading(List<String> allowed, Function<QueryParams, Route> inner) {
        if (!settings.readsRequireToken()) {
            return query(allowed, inner);
        }
        return optionalHeaderValueByName("Authorization", authorization -> auth.check(authorization)
                .map(why -> complete(unauthorized(why))).orElseGet(() -> query(allowed, inner)));
    }

    /** Refuses a query parameter other than {@code allowed}, a repeated one and an empty one, naming it. */
    public Route query(List<String> allowed, Function<QueryParams, Route> inner) {
        return parameterList(params -> inner.apply(QueryParams.of(params, allowed)));
    }

    /**
     * The request's JSON body, as bytes for {@link JsonBodies}; empty when it has none (no bytes, or only
     * whitespace). A body must be {@code application/json} (else 415); larger than {@code interlude.http.max-body}
     * it is a 413.
     */
    public Route jsonBody(Function<Optional<byte[]>, Route> inner) {
        return extractRequestEntity(entity -> entity(Unmarshaller.entityToByteString(), bytes -> {
            if (isBlank(bytes)) {
                return inner.apply(Optional.empty());
            }
            if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
                throw new Api.Refused(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "Content-Type: expected application/json "
                        + "for the request body, got " + entity.getContentType());
            }
            return inner.apply(Optional.of(bytes.toArray()));
        }));
    }

    /** A route that takes no request body: one that is not empty (or only whitespace) is a 400. */
    public Route noBody(Supplier<Route> inner) {
        return entity(Unmarshaller.entityToByteString(), bytes -> {
            if (!isBlank(bytes)) {
                throw new Api.Refused(StatusCodes.BAD_REQUEST, "this route takes no request body, got "
                        + bytes.size() + " bytes");
            }
            return inner.get();
        });
    }

    /** The strict reader of request bodies, with this node's depth limit. */
    JsonBodies bodies() {
        return bodies;
    }

    private static boolean isBlank(ByteString bytes) {
        for (int i = 0; i < bytes.size(); i++) {
            byte b = bytes.apply(i);
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Completes with what {@code stage} answers, or the problem its failure is. */
    public <T> Route answer(CompletionStage<T> stage, Function<T, HttpResponse> response) {
        return onComplete(stage, result -> result.isSuccess() ? complete(response.apply(result.get()))
                : complete(failure(result.failed().get())));
    }

    private static HttpResponse unauthorized(String detail) {
        return Api.problem(StatusCodes.UNAUTHORIZED, detail)
                .addHeader(WWWAuthenticate.create(HttpChallenge.createOAuth2("interlude")));
    }

    /** The problem a failed request is: refusals as they say, the supervisor's refusals as 404/409, time-outs 503. */
    static HttpResponse failure(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (t instanceof Api.Refused refused) {
            return Api.problem(refused.status(), refused.getMessage());
        }
        if (t instanceof StatusReply.ErrorMessage error) {
            String message = error.getMessage();
            StatusCode status = message.startsWith("unknown task") ? StatusCodes.NOT_FOUND : StatusCodes.CONFLICT;
            return Api.problem(status, message);
        }
        if (t instanceof EntityStreamSizeException size) {
            return Api.problem(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is larger than the "
                    + size.limit() + " bytes this node accepts (interlude.http.max-body)");
        }
        if (t instanceof AskTimeoutException || t instanceof TimeoutException) {
            return Api.problem(StatusCodes.SERVICE_UNAVAILABLE, "the supervisor did not answer in time; "
                    + "it may be recovering or moving to another node: try again");
        }
        log.error("internal error answering a request", t);
        return Api.problem(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + t.getClass().getSimpleName());
    }

    private ExceptionHandler exceptions() {
        return ExceptionHandler.newBuilder().matchAny(t -> complete(failure(t))).build();
    }

    /** Pekko's own rejections (no such route, wrong method, bad header...) as problem documents. */
    private RejectionHandler rejections() {
        return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
            if (response.status().equals(StatusCodes.PAYLOAD_TOO_LARGE)) {
                return Api.problem(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is larger than the "
                        + settings.maxBodyBytes() + " bytes this node accepts (interlude.http.max-body)");
            }
            if (response.entity() instanceof HttpEntity.Strict strict
                    && !strict.getContentType().equals(Api.PROBLEM_JSON)) {
                String detail = strict.getData().utf8String();
                return Api.problem(response.status(), detail.isBlank() ? response.status().reason() : detail)
                        .addHeaders(response.getHeaders());
            }
            return response;
        });
    }
}
