package dev.interlude.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusEvents;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.status.StatusSequence;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.event.Logging;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.BufferOverflowException;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: the node's status feed as server-sent events. Each status event is one SSE event:
 * {@code event:} its name ({@link EventTypes}), {@code id:} its sequence number, {@code data:} it as JSON.
 *
 * <h2>Resuming</h2>
 * A client that reconnects with {@code Last-Event-ID: n} receives every event after {@code n} it can still be
 * given, in order, each once, then the live feed:
 * <ul>
 *   <li>when the hub's buffer ({@code interlude.status.buffer}) still reaches back to {@code n}, from the buffer;</li>
 *   <li>otherwise the journaled events after {@code n} are read back from the supervisor's journal (persistence
 *       query) up to the oldest buffered event, and the buffer and the live feed follow. Events the supervisor
 *       noticed without journaling them (window, mode and budget changes, alerts) that fell out of the buffer cannot
 *       be replayed: the next such change tells where things stand.</li>
 * </ul>
 * The seams are closed by sequence number: the live subscription starts from the hub's highest sequence when the
 * client connected, and an event is sent only if its sequence is above the last one sent.
 *
 * <h2>Many clients</h2>
 * Each connection subscribes to the hub for batches ({@link StatusHub.SubscribeBatches}): a burst of events reaches
 * it as one message or a few rather than one message per event. Each event is written out as SSE bytes once, by the
 * first connection that sends it, and the others send the same bytes ({@link FeedEncoding}).
 *
 * <h2>Slow clients</h2>
 * The hub only ever {@code tell}s each connection's subscriber, which buffers at most
 * {@code interlude.http.events.buffer} events (and the few batches that arrive once they are full); a client that
 * falls further behind gets a last {@value EventTypes#DISCONNECTED} event saying so, and its stream ends (it resumes
 * with its last id). Closing a stream, for any reason, stops its subscriber, and the hub drops it. A client that
 * goes away is noticed when the node next writes to it (an event or a heartbeat), within about two heartbeats.
 */
public final class EventRoutes extends AllDirectives {

    private static final Logger log = LoggerFactory.getLogger(EventRoutes.class);

    public static final String LAST_EVENT_ID = "Last-Event-ID";

    private static final Pattern EVENT_ID = Pattern.compile("[0-9]{1,18}");

    private static final ContentType EVENT_STREAM = MediaTypes.TEXT_EVENT_STREAM.toContentType();

    /** A comment line: every client ignores it, every proxy sees traffic. */
    private static final ByteString HEARTBEAT = ByteString.fromString(":\n\n");

    private static final List<HttpHeader> HEADERS = List.of(CacheControl.create(CacheDirectives.NO_CACHE),
            RawHeader.create("X-Accel-Buffering", "no"));

    /** The most events of a replay from the journal that one chunk of a connection's feed carries. */
    static final int CHUNK_EVENTS = 256;

    /** A full buffer ends the stream; it is logged here at info, not by Pekko as an error. */
    private static final OverflowStrategy TOO_SLOW = OverflowStrategy.fail().withLogLevel(Logging.DebugLevel());

    /**
     * Batches from the hub that may wait while the connection's buffer of events is full: a client is disconnected
     * once it is more than {@code interlude.http.events.buffer} events behind and this many batches more arrive.
     */
    private static final int BATCHES_WAITING = 4;

    private final NodeApi node;
    private final ApiRoutes api;
    private final FeedEncoding encoding = new FeedEncoding();

    public EventRoutes(NodeApi node, ApiRoutes api) {
        this.node = node;
        this.api = api;
    }

    public Route route() {
        return pathEnd(() -> get(() -> api.reading(List.of("types"), query ->
                optionalHeaderValueByName(LAST_EVENT_ID, lastEventId -> {
                    Optional<Set<String>> only = EventTypes.parse(query.get("types"));
                    OptionalLong after = lastEventId(lastEventId);
                    return extractActorSystem(system -> {
                        EventSettings settings = EventSettings.get(system);
                        return onSuccess(recent(settings, Adapter.toTyped(system)), recent -> complete(
                                HttpResponse.create().addHeaders(HEADERS).withEntity(HttpEntities.createChunked(
                                        EVENT_STREAM, stream(node, settings, encoding, recent, after, only)))));
                    });
                }))));
    }

    /** The sequence a client last received, from its {@value #LAST_EVENT_ID} header; empty when it has none. */
    static OptionalLong lastEventId(Optional<String> header) {
        String id = header.map(String::strip).orElse("");
        if (id.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!EVENT_ID.matcher(id).matches()) {
            String shown = id.length() > 40 ? id.substring(0, 40) + "…" : id;
            throw new Api.Refused(StatusCodes.BAD_REQUEST, LAST_EVENT_ID + ": expected the id of an event of this "
                    + "feed (a whole number, 0 for everything the journal holds), got \"" + shown + "\"");
        }
        return OptionalLong.of(Long.parseLong(id));
    }

    private CompletionStage<StatusHub.Recent> recent(EventSettings settings,
                                                     org.apache.pekko.actor.typed.ActorSystem<?> system) {
        return AskPattern.<StatusHub.Command, StatusHub.Recent>ask(node.statusHub(), StatusHub.GetRecent::new,
                settings.hubTimeout(), system.scheduler()).exceptionally(failure -> {
                    throw new CompletionException(new Api.Refused(StatusCodes.SERVICE_UNAVAILABLE, "the node's "
                            + "status hub did not answer within " + settings.hubTimeout().toMillis() + " ms; try "
                            + "again"));
                });
    }

    // ---- the stream ----

    /**
     * One client's feed, as the bytes of a {@code text/event-stream}: what it missed after {@code after} (if it
     * says), then the live feed from the hub, each event once and in order, only the types in {@code only} (if
     * given), with a heartbeat comment every {@code settings.heartbeat()}. (Pekko's own
     * {@code ServerSentEvent.heartbeat()} is an empty {@code data:} line rather than a comment, hence the bytes.)
     *
     * @param encoding the events already written out by this node's feed, shared by all its connections
     * @param recent   the hub's buffer and highest sequence when the client connected
     */
    static Source<ByteString, NotUsed> stream(NodeApi node, EventSettings settings, FeedEncoding encoding,
                                              StatusHub.Recent recent, OptionalLong after,
                                              Optional<Set<String>> only) {
        ActorRef<StatusHub.Command> hub = node.statusHub();
        // The hub hands events over in batches; while the client is still reading, the batches behind it gather
        // into one, up to the buffer's events (past that, and a few batches more, the client is too slow).
        Source<List<StatusEvent>, NotUsed> live = ActorSource.<StatusHub.Batch>actorRef(batch -> false,
                        batch -> Optional.empty(), BATCHES_WAITING, TOO_SLOW)
                .mapMaterializedValue(subscriber -> {
                    hub.tell(new StatusHub.SubscribeBatches(subscriber, Optional.of(recent.highest())));
                    return NotUsed.getInstance();
                })
                .<List<StatusEvent>>batchWeighted(settings.buffer(), batch -> (long) batch.events().size(),
                        batch -> new ArrayList<>(batch.events()), (gathered, batch) -> {
                            gathered.addAll(batch.events());
                            return gathered;
                        });
        Source<List<StatusEvent>, NotUsed> missed = after.isPresent()
                ? missed(node.journal(), recent, after.getAsLong()).grouped(CHUNK_EVENTS) : Source.empty();
        long sent = after.orElse(recent.highest());
        // Each batch goes out as one chunk: its events once each and in order, only the types asked for.
        return missed.concat(live)
                .statefulMapConcat(() -> {
                    long[] last = {sent};
                    return events -> {
                        ByteString chunk = ByteString.emptyByteString();
                        for (StatusEvent event : events) {
                            if (event.sequence() > last[0]) {
                                last[0] = event.sequence();
                                FeedEncoding.Encoded encoded = encoding.of(event);
                                if (only.isEmpty() || only.get().contains(encoded.name())) {
                                    chunk = chunk.concat(encoded.bytes());
                                }
                            }
                        }
                        return chunk.isEmpty() ? List.of() : List.of(chunk);
                    };
                })
                .recover(new PFBuilder<Throwable, ByteString>()
                        .matchAny(failure -> encode(disconnected(settings, failure))).build())
                // A heartbeat comment every interval, events or not: one timer per connection, where keepAlive would
                // set its timer again after every event.
                .merge(Source.tick(settings.heartbeat(), settings.heartbeat(), HEARTBEAT), true)
                .watchTermination((notUsed, done) -> {
                    // The feed's clients, as /metrics counts them (interlude_sse_subscribers).
                    node.monitoring().metrics().sseSubscribers().incrementAndGet();
                    done.whenComplete((d, failure) -> node.monitoring().metrics().sseSubscribers().decrementAndGet());
                    return NotUsed.getInstance();
                });
    }

    /**
     * The events after {@code after} that a resuming client missed and the hub will not send it live: from the
     * hub's buffer if it reaches back that far, else the journaled ones from the journal up to the buffer, then the
     * buffer.
     */
    static Source<StatusEvent, NotUsed> missed(JournalEvents journal, StatusHub.Recent recent, long after) {
        List<StatusEvent> buffered = recent.events().stream().filter(e -> e.sequence() > after).toList();
        boolean bufferReachesBack = !recent.events().isEmpty() && recent.events().get(0).sequence() <= after + 1
                && after <= recent.highest();
        if (bufferReachesBack) {
            return Source.from(buffered);
        }
        long until = buffered.isEmpty() ? Long.MAX_VALUE : buffered.get(0).sequence();
        return journal.current(StatusSequence.journalPart(after) + 1)
                .map(j -> StatusEvents.of(j.event()).withSequence(StatusSequence.ofJournaled(j.sequenceNr())))
                .takeWhile(e -> e.sequence() < until)
                .filter(e -> e.sequence() > after)
                .concat(Source.from(buffered));
    }

    static ServerSentEvent event(StatusEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sequence", event.sequence());
        data.put("type", EventTypes.name(event.type()));
        data.put("at", event.at());
        event.task().ifPresent(task -> data.put("task", task));
        event.runId().ifPresent(runId -> data.put("runId", runId));
        event.attempt().ifPresent(attempt -> data.put("attempt", attempt));
        data.put("details", event.details());
        return ServerSentEvent.create(json(data), Optional.of(EventTypes.name(event.type())),
                Optional.of(Long.toString(event.sequence())), OptionalInt.empty());
    }

    /** The last event of a stream the node ends: no id, so the client resumes from the last event it received. */
    private static ServerSentEvent disconnected(EventSettings settings, Throwable failure) {
        String reason;
        if (failure instanceof BufferOverflowException) {
            reason = "the client is too slow: more than " + settings.buffer() + " events behind";
            log.info("status feed: {}; ending its stream", reason);
        } else {
            reason = "the status feed failed (" + failure.getClass().getSimpleName() + ")";
            log.error("status feed: ending a stream", failure);
        }
        return ServerSentEvent.create(json(Map.of("reason", reason + "; reconnect with " + LAST_EVENT_ID
                + " to resume")), Optional.of(EventTypes.DISCONNECTED), Optional.empty(), OptionalInt.empty());
    }

    /** Pekko's rendering of an event ({@code ServerSentEvent.create} builds the Scala model, which has it). */
    static ByteString encode(ServerSentEvent event) {
        return ((org.apache.pekko.http.scaladsl.model.sse.ServerSentEvent) event).encode();
    }

    private static String json(Object data) {
        try {
            return Api.JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a status event as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
