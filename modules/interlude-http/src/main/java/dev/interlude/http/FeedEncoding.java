package dev.interlude.http;

import dev.interlude.engine.status.StatusEvent;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.pekko.util.ByteString;

/**
 * The status events a node's feed connections are sending, each written out once as server-sent-event bytes
 * whichever connection sends it first, and shared by every other connection that sends it: a thousand clients of
 * one event cost one JSON rendering, not a thousand. Safe to use from any thread.
 *
 * <p>It remembers the last {@value #SLOTS} or so events (by sequence number), about as many as a client may fall
 * behind before it is disconnected ({@code interlude.http.events.buffer}, 1000 by default); an event it no longer
 * remembers (a client replaying from the journal, or one far behind) is written again, never sent wrong: an event is
 * only shared with a connection sending an equal event.
 */
final class FeedEncoding {

    /** What a connection sends for one status event: its feed name (for {@code ?types=}) and its bytes. */
    record Encoded(StatusEvent event, String name, ByteString bytes) {
    }

    static final int SLOTS = 1024;

    private final AtomicReferenceArray<Encoded> slots = new AtomicReferenceArray<>(SLOTS);

    /** The event as its SSE bytes, from the ones already written if it is among them. */
    Encoded of(StatusEvent event) {
        int slot = slot(event.sequence());
        Encoded known = slots.get(slot);
        if (known != null && (known.event() == event || known.event().equals(event))) {
            return known;
        }
        Encoded written = new Encoded(event, EventTypes.name(event.type()),
                EventRoutes.encode(EventRoutes.event(event)));
        slots.set(slot, written);
        return written;
    }

    /**
     * Where an event's bytes go: sequence numbers of journaled events are multiples of 1000, so the slot mixes the
     * bits (Fibonacci hashing) rather than taking the low ones, which would leave most slots unused.
     */
    static int slot(long sequence) {
        return (int) ((sequence * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - Integer.numberOfTrailingZeros(SLOTS)));
    }
}
