package dev.interlude.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.settings.ParserSettings;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * The answer to a request Pekko cannot parse into a request at all (a malformed request line or header, an
 * over-long URI or header): a problem document like every other error of the API, with Pekko's one-line summary as
 * its detail. Only that summary is logged, never the detail, which can quote the request's headers (and so a
 * token). Pekko creates it by its class name ({@code pekko.http.server.parsing.error-handler}); {@link HttpServer}
 * sets it. Pekko's own 5xx here (501 for a method it does not know, 505 for an HTTP version it does not speak) are
 * answered 400: the request is at fault, not the node.
 */
public final class ProblemParsingErrorHandler extends ParsingErrorHandler {

    private static final ParserSettings.ErrorLoggingVerbosity OFF = ParserSettings.ErrorLoggingVerbosity$.MODULE$
            .apply("off");

    @Override
    public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
        StatusCode answered = status.intValue() >= 500 ? StatusCodes.BadRequest() : status;
        if (!settings.parserSettings().errorLoggingVerbosity().equals(OFF)) {
            log.warning("Illegal request, responding with status '{}': {}", answered, info.summary());
        }
        return Api.problem(answered, info.summary().isBlank() ? status.reason() : info.summary());
    }
}
