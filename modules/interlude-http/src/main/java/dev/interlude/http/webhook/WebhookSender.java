package dev.interlude.http.webhook;

import dev.interlude.engine.CborSerializable;
import dev.interlude.engine.handler.BoundedBody;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusEvents;
import dev.interlude.engine.status.StatusHub;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Delivers the status events one endpoint wants, in order, one at a time: subscribed to its node's
 * {@link StatusHub}, it turns each wanted event into a delivery, queues it, and POSTs it (asynchronously, with the
 * JDK's HTTP client, the answer piped back to itself). A delivery that is not answered 2xx within the endpoint's
 * timeout is retried after a backoff (a timer, never a wait) until it succeeds or its attempts run out; the next one
 * waits behind it, so a receiver sees events in the order they happened.
 *
 * <p>The hub only ever tells this actor, so neither the hub nor the supervisor wait for a receiver. While a receiver
 * is down, at most {@code max-queue} deliveries wait; beyond that the oldest waiting one is dropped, counted, and
 * reported in a warning at most once a minute.
 *
 * <p>Logs name the endpoint by its configuration path and origin only; they never carry its secret, its URL's path or
 * query, a body sent, or more of a receiver's answer than a short, scrubbed line.
 */
public final class WebhookSender extends AbstractBehavior<WebhookSender.Command> {

    /** How often, at most, dropped deliveries are reported while a receiver is not keeping up. */
    static final Duration DROP_REPORT_EVERY = Duration.ofMinutes(1);

    /** How much of a failed attempt's answer is kept, and how much of it (scrubbed) is logged. */
    private static final int ANSWER_BYTES = 512;
    private static final int ANSWER_CHARS = 120;

    private static final String USER_AGENT = "Interlude-Webhooks/1";

    public sealed interface Command extends CborSerializable {
    }

    /** Answers the endpoint's counters. */
    public record GetStats(ActorRef<Stats> replyTo) implements Command {
    }

    /**
     * One endpoint's counters since its sender started.
     *
     * @param endpoint       its index in {@code interlude.webhooks}
     * @param delivered      deliveries answered 2xx
     * @param failedAttempts attempts answered otherwise, or not in time, or not at all
     * @param abandoned      deliveries given up after their last attempt failed
     * @param dropped        deliveries dropped from a full queue before their first attempt
     * @param pending        deliveries waiting or being attempted
     */
    public record Stats(int endpoint, long delivered, long failedAttempts, long abandoned, long dropped, int pending)
            implements CborSerializable {
    }

    private record Published(StatusEvent event) implements Command {
    }

    /** The outcome of one attempt: the HTTP status (0 if none came) and, when it failed, a short safe line why. */
    private record Attempted(long id, int attempt, int status, String why) implements Command {
    }

    private enum Retry implements Command { INSTANCE }

    private enum ReportDrops implements Command { INSTANCE }

    /** A delivery: the event's sequence number, what it is, and the exact body every attempt sends. */
    private record Delivery(long id, WebhookEvent event, byte[] body) {
    }

    public static Behavior<Command> create(WebhookEndpoint endpoint, ActorRef<StatusHub.Command> hub,
                                           HttpClient client, InstantSource clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new WebhookSender(context, timers, endpoint, hub, client, clock)));
    }

    private final TimerScheduler<Command> timers;
    private final WebhookEndpoint endpoint;
    private final HttpClient client;
    private final InstantSource clock;
    private final String node;
    private final ArrayDeque<Delivery> waiting = new ArrayDeque<>();
    private Delivery current;
    private int attempt;
    private long lastSequence;
    private long delivered;
    private long failedAttempts;
    private long abandoned;
    private long dropped;
    private long droppedSinceReport;

    private WebhookSender(ActorContext<Command> context, TimerScheduler<Command> timers, WebhookEndpoint endpoint,
                          ActorRef<StatusHub.Command> hub, HttpClient client, InstantSource clock) {
        super(context);
        this.timers = timers;
        this.endpoint = endpoint;
        this.client = client;
        this.clock = clock;
        this.node = context.getSystem().address().hostPort();
        hub.tell(new StatusHub.Subscribe(context.messageAdapter(StatusEvent.class, Published::new),
                Optional.empty()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Published.class, this::onPublished)
                .onMessage(Attempted.class, this::onAttempted)
                .onMessageEquals(Retry.INSTANCE, this::onRetry)
                .onMessageEquals(ReportDrops.INSTANCE, this::onReportDrops)
                .onMessage(GetStats.class, this::onGetStats)
                .build();
    }

    private Behavior<Command> onPublished(Published published) {
        StatusEvent event = published.event();
        Optional<WebhookEvent> wanted = WebhookEvent.of(event).filter(endpoint.events()::contains);
        if (wanted.isEmpty() || event.sequence() <= lastSequence) {
            return this;
        }
        lastSequence = event.sequence();
        if (waiting.size() >= endpoint.maxQueue()) {
            dropOldest();
        }
        waiting.addLast(new Delivery(event.sequence(), wanted.get(), WebhookPayload.body(event, wanted.get(), node)));
        if (current == null) {
            startNext();
        }
        return this;
    }

    private void startNext() {
        current = waiting.pollFirst();
        attempt = 1;
        if (current != null) {
            send();
        }
    }

    private void send() {
        Delivery delivery = current;
        int thisAttempt = attempt;
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint.url())
                .timeout(endpoint.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(WebhookPayload.EVENT_HEADER, delivery.event().id())
                .header(WebhookPayload.DELIVERY_HEADER, Long.toString(delivery.id()))
                .header(WebhookPayload.ATTEMPT_HEADER, Integer.toString(thisAttempt))
                .header(WebhookPayload.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookPayload.SIGNATURE_HEADER,
                        WebhookPayload.signature(endpoint.secret(), timestamp, delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                .build();
        Duration timeout = endpoint.timeout();
        getContext().pipeToSelf(client.sendAsync(request, BoundedBody.handler(ANSWER_BYTES))
                        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS),
                (response, failure) -> outcome(delivery.id(), thisAttempt, response, failure, timeout));
    }

    /** Runs off the actor's thread: builds a message, touches no state. */
    private static Attempted outcome(long id, int attempt, HttpResponse<BoundedBody> response, Throwable failure,
                                     Duration timeout) {
        if (failure != null) {
            return new Attempted(id, attempt, 0, failure(failure, timeout));
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Attempted(id, attempt, status, "");
        }
        String answer = StatusEvents.safeReason(response.body().text());
        if (answer.length() > ANSWER_CHARS) {
            answer = answer.substring(0, ANSWER_CHARS - 1) + "…";
        }
        return new Attempted(id, attempt, status, "HTTP " + status + (answer.isEmpty() ? "" : ": " + answer));
    }

    private static String failure(Throwable failure, Duration timeout) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "cannot connect";
        }
        String message = cause.getMessage() == null ? "" : ": " + StatusEvents.safeReason(cause.getMessage());
        return cause.getClass().getSimpleName() + message;
    }

    private Behavior<Command> onAttempted(Attempted attempted) {
        if (current == null || attempted.id() != current.id() || attempted.attempt() != attempt) {
            return this; // the answer to an attempt this sender no longer waits for (it restarted)
        }
        if (attempted.status() >= 200 && attempted.status() < 300) {
            delivered++;
            if (attempt > 1) {
                getContext().getLog().info("{}: delivered {} {} on attempt {}", endpoint.label(),
                        current.event().id(), current.id(), attempt);
            }
            startNext();
            return this;
        }
        failedAttempts++;
        if (attempt >= endpoint.maxAttempts()) {
            abandoned++;
            getContext().getLog().warn("{}: gave up delivering {} {} after {} attempt(s); the last: {}",
                    endpoint.label(), current.event().id(), current.id(), attempt, attempted.why());
            startNext();
            return this;
        }
        Duration backoff = endpoint.backoff(attempt, ThreadLocalRandom.current().nextDouble());
        getContext().getLog().info("{}: attempt {} of {} to deliver {} {} failed ({}); retrying in {} ms",
                endpoint.label(), attempt, endpoint.maxAttempts(), current.event().id(), current.id(),
                attempted.why(), backoff.toMillis());
        timers.startSingleTimer(Retry.INSTANCE, backoff);
        return this;
    }

    private Behavior<Command> onRetry() {
        if (current != null) {
            attempt++;
            send();
        }
        return this;
    }

    private void dropOldest() {
        waiting.removeFirst();
        dropped++;
        droppedSinceReport++;
        if (!timers.isTimerActive(ReportDrops.INSTANCE)) {
            reportDrops();
            timers.startTimerWithFixedDelay(ReportDrops.INSTANCE, DROP_REPORT_EVERY);
        }
    }

    private Behavior<Command> onReportDrops() {
        if (droppedSinceReport == 0) {
            timers.cancel(ReportDrops.INSTANCE);
        } else {
            reportDrops();
        }
        return this;
    }

    private void reportDrops() {
        getContext().getLog().warn("{}: the receiver is not keeping up; dropped {} waiting delivery(ies), the "
                        + "oldest, to keep the newest {} ({} dropped since this node started)", endpoint.label(),
                droppedSinceReport, endpoint.maxQueue(), dropped);
        droppedSinceReport = 0;
    }

    private Behavior<Command> onGetStats(GetStats get) {
        get.replyTo().tell(new Stats(endpoint.index(), delivered, failedAttempts, abandoned, dropped,
                waiting.size() + (current == null ? 0 : 1)));
        return this;
    }
}
