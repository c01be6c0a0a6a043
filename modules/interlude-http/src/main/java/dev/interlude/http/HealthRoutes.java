package dev.interlude.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The node's health: the probes under {@code /health} (for a process supervisor or a load balancer: open, even
 * when reads need the token) and the verdict at {@code /api/v1/health}.
 * <ul>
 *   <li>{@code GET /health/alive}: 200 while the process serves HTTP;</li>
 *   <li>{@code GET /health/ready}: 200 once the node is an Up member of its cluster and the supervisor answers
 *       (it answers only after recovering its journal); 503 with what is missing otherwise;</li>
 *   <li>{@code GET /api/v1/health}: the verdict ({@link Health}), 200 when healthy or degraded, 503 when
 *       unhealthy.</li>
 * </ul>
 */
final class HealthRoutes extends AreaRoutes {

    HealthRoutes(ApiRoutes api, NodeApi node) {
        super(api, node);
    }

    /** {@code /health/alive} and {@code /health/ready}, below {@code /health}. */
    Route probes() {
        return concat(
                path("alive", () -> get(() -> complete(Api.ok(Map.of("status", "alive"))))),
                path("ready", () -> get(() -> api.answer(node.monitoring().supervisorState(node),
                        state -> ready(state.isPresent())))));
    }

    /** {@code /api/v1/health}. */
    Route route() {
        return path("health", () -> get(() -> api.reading(() -> api.answer(node.health(), health ->
                Api.json(health.status() == Health.Verdict.UNHEALTHY ? StatusCodes.SERVICE_UNAVAILABLE
                        : StatusCodes.OK, health)))));
    }

    private HttpResponse ready(boolean supervisorAnswered) {
        List<String> missing = new ArrayList<>();
        String member = node.memberStatus();
        if (!"Up".equals(member)) {
            missing.add("this node is " + member + " in its cluster, not Up");
        }
        if (!supervisorAnswered) {
            missing.add("the supervisor did not answer within "
                    + node.monitoring().settings().supervisorTimeout().toMillis() + " ms (it answers once it has "
                    + "recovered its journal)");
        }
        if (missing.isEmpty()) {
            return Api.ok(Map.of("status", "ready"));
        }
        return Api.problem(StatusCodes.SERVICE_UNAVAILABLE, "not ready: " + String.join("; ", missing));
    }
}
