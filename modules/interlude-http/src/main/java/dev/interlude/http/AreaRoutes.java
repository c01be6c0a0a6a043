package dev.interlude.http;

import org.apache.pekko.http.javadsl.server.AllDirectives;

/** One area of the API, in its own class: the node it reads, and the building blocks of {@link ApiRoutes}. */
abstract class AreaRoutes extends AllDirectives {

    /** {@code reading(...)}, {@code mutating(...)}, {@code answer(...)}. */
    protected final ApiRoutes api;
    protected final NodeApi node;

    AreaRoutes(ApiRoutes api, NodeApi node) {
        this.api = api;
        this.node = node;
    }
}
