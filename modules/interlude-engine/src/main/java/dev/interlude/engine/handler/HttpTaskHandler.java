package dev.interlude.engine.handler;

import dev.interlude.core.task.HandlerSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.pattern.CircuitBreaker;
import org.apache.pekko.pattern.CircuitBreakerOpenException;

/**
 * One HTTP call per attempt with the JDK client: the task's method, URL, headers and body, the task's timeout as
 * the request timeout. A 2xx answer is success and its body (bounded) is the result. The run id goes out as
 * {@code Idempotency-Key} (unless the task sets one) and {@code X-Interlude-Run-Id}.
 *
 * <p>Every call goes through the endpoint's circuit breaker. Exceptions, 5xx and 429 count against the endpoint;
 * other 4xx fail the attempt but say nothing about the endpoint's health, and a call cancelled by the runner does
 * not count either. A call rejected by an open breaker is a {@link TaskResult#breakerOpen() breakerOpen} result:
 * nothing was sent. Cancellation aborts the request in flight.
 */
public final class HttpTaskHandler implements TaskHandler {

    private final HandlerSpec.Http spec;
    private final HttpClient client;
    private final CircuitBreakers breakers;
    private final HandlerSettings.Http settings;

    public HttpTaskHandler(HandlerSpec.Http spec, HttpClient client, CircuitBreakers breakers,
                           HandlerSettings.Http settings) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.client = Objects.requireNonNull(client, "client");
        this.breakers = Objects.requireNonNull(breakers, "breakers");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public CompletionStage<TaskResult> run(TaskContext context) {
        Cancellation cancellation = context.cancellation();
        if (cancellation.isCancelled()) {
            return CompletableFuture.completedFuture(TaskResult.cancelled(cancellation.reason().orElse("")));
        }
        HttpRequest request;
        try {
            request = request(context);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(TaskResult.failure("invalid request to " + spec.url() + ": "
                    + e.getMessage()));
        }
        URI endpoint = CircuitBreakers.endpoint(spec.url());
        CircuitBreaker breaker = breakers.forUrl(spec.url());
        AtomicReference<CompletableFuture<HttpResponse<BoundedBody>>> call = new AtomicReference<>();
        CompletionStage<HttpResponse<BoundedBody>> guarded = breaker.callWithCircuitBreakerCS(() -> {
            CompletableFuture<HttpResponse<BoundedBody>> sent =
                    client.sendAsync(request, BoundedBody.handler(settings.maxResponseBytes()));
            call.set(sent);
            cancellation.whenCancelled().thenRun(() -> sent.cancel(true));
            return sent;
        }, (response, failure) -> countsAgainstEndpoint(response, failure, cancellation));
        return guarded.handle((response, failure) -> {
            if (failure == null) {
                return outcome(response);
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof CircuitBreakerOpenException) {
                return TaskResult.breakerOpen(endpoint);
            }
            if (cancellation.isCancelled()) {
                return TaskResult.cancelled(cancellation.reason().orElse(""));
            }
            if (cause instanceof TimeoutException) {
                Optional.ofNullable(call.get()).ifPresent(sent -> sent.cancel(true));
                return TaskResult.failure(describe() + ": no answer within the breaker's call-timeout of "
                        + breakers.settings().callTimeout());
            }
            if (cause instanceof HttpTimeoutException) {
                return TaskResult.failure(describe() + ": no answer within " + context.task().timeout());
            }
            return TaskResult.failure(describe() + " failed: " + cause);
        });
    }

    private HttpRequest request(TaskContext context) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(spec.url())
                .timeout(context.task().timeout())
                .method(spec.method().toUpperCase(Locale.ROOT), spec.body()
                        .map(HttpRequest.BodyPublishers::ofString)
                        .orElseGet(HttpRequest.BodyPublishers::noBody));
        spec.headers().forEach(builder::header);
        if (spec.headers().keySet().stream().noneMatch("Idempotency-Key"::equalsIgnoreCase)) {
            builder.header("Idempotency-Key", context.runId());
        }
        builder.header("X-Interlude-Run-Id", context.runId());
        builder.header("X-Interlude-Task", context.taskName());
        builder.header("X-Interlude-Attempt", Integer.toString(context.attempt()));
        return builder.build();
    }

    private TaskResult outcome(HttpResponse<BoundedBody> response) {
        int status = response.statusCode();
        BoundedBody body = response.body();
        TaskResult result = status >= 200 && status < 300
                ? TaskResult.success(body.text().strip())
                : TaskResult.failure(describe() + " answered " + status);
        return result.withOutput(body.text(), "").withExitCode(status);
    }

    private static boolean countsAgainstEndpoint(Optional<HttpResponse<BoundedBody>> response,
                                                 Optional<Throwable> failure, Cancellation cancellation) {
        if (failure.isPresent()) {
            return !(cancellation.isCancelled() && unwrap(failure.get()) instanceof CancellationException);
        }
        int status = response.map(HttpResponse::statusCode).orElse(0);
        return status >= 500 || status == 429;
    }

    private String describe() {
        return spec.method().toUpperCase(Locale.ROOT) + " " + spec.url();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        for (int i = 0; i < 4 && cause instanceof CompletionException && cause.getCause() != null; i++) {
            cause = cause.getCause();
        }
        return cause;
    }
}
