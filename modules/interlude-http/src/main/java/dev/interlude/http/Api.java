package dev.interlude.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.interlude.core.config.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * JSON in and out of the API: bodies written with one {@link ObjectMapper} (instants as ISO-8601 text), errors as
 * {@code application/problem+json} (RFC 9457) with a {@code detail} that names the field or value at fault, and
 * request bodies read strictly (an unknown field or a wrong type is a 400 naming the field).
 */
public final class Api {

    /** {@code application/problem+json}. */
    public static final ContentType PROBLEM_JSON =
            ContentTypes.create(MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));

    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Api() {
    }

    /** A request the API refuses: its status and the detail an operator can act on. */
    public static final class Refused extends RuntimeException {
        private final StatusCode status;

        public Refused(StatusCode status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }

        public StatusCode status() {
            return status;
        }
    }

    /** {@code body} as JSON with {@code status}. */
    public static HttpResponse json(StatusCode status, Object body) {
        try {
            return HttpResponse.create().withStatus(status)
                    .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static HttpResponse ok(Object body) {
        return json(StatusCodes.OK, body);
    }

    /** A problem document: {@code type} about:blank, {@code title} the status's reason, {@code detail}. */
    public static HttpResponse problem(StatusCode status, String detail) {
        return problem(status, detail, Map.of());
    }

    /**
     * A problem document listing every problem of the input by path: {@code detail} says what was refused,
     * {@code problems} is {@code [{"path": ..., "message": ...}]}, as the configuration loaders report them.
     */
    public static HttpResponse problems(StatusCode status, String detail, List<Problem> problems) {
        return problem(status, detail + ": " + problems.stream().map(Problem::toString)
                .collect(Collectors.joining("; ")), Map.of("problems", problems.stream()
                .map(Api::problem).toList()));
    }

    private static Map<String, String> problem(Problem problem) {
        Map<String, String> item = new LinkedHashMap<>();
        item.put("path", problem.path());
        item.put("message", problem.message());
        return item;
    }

    private static HttpResponse problem(StatusCode status, String detail, Map<String, Object> extensions) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.reason());
        problem.put("status", status.intValue());
        problem.put("detail", detail);
        problem.putAll(extensions);
        try {
            return HttpResponse.create().withStatus(status)
                    .withEntity(HttpEntities.create(PROBLEM_JSON, JSON.writeValueAsBytes(problem)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
