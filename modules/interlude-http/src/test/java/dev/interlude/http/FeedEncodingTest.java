package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusType;
import dev.interlude.engine.status.StatusUpdate;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The feed's shared SSE bytes: written once per event, shared by equal events, never mixed up. */
class FeedEncodingTest {

    private static final Instant AT = Instant.parse("2026-11-19T01:00:00Z");

    private static StatusEvent started(long sequence, String task) {
        return StatusUpdate.ofRun(AT, StatusType.RUN_STARTED, task, task + "-1", 1, Map.of("cause", "trigger"))
                .withSequence(sequence);
    }

    @Test
    void an_event_is_written_once_and_its_bytes_shared_with_every_connection_sending_it_or_an_equal_one() {
        FeedEncoding encoding = new FeedEncoding();
        StatusEvent event = started(42000, "backup");
        FeedEncoding.Encoded first = encoding.of(event);
        assertEquals(EventRoutes.encode(EventRoutes.event(event)), first.bytes());
        assertEquals("run.started", first.name());
        assertSame(first.bytes(), encoding.of(event).bytes());
        assertSame(first.bytes(), encoding.of(started(42000, "backup")).bytes(), "an equal event, deserialized");
    }

    @Test
    void events_sharing_a_slot_each_get_their_own_bytes() {
        FeedEncoding encoding = new FeedEncoding();
        long sequence = 1000;
        long other = sequence + 1000;
        while (FeedEncoding.slot(other) != FeedEncoding.slot(sequence)) {
            other += 1000;
        }
        StatusEvent a = started(sequence, "backup");
        StatusEvent b = started(other, "report");
        StatusEvent sameNumberOtherNode = started(sequence, "export"); // a hub of another node in this JVM
        for (StatusEvent event : new StatusEvent[] {a, b, sameNumberOtherNode, a, b}) {
            assertEquals(EventRoutes.encode(EventRoutes.event(event)), encoding.of(event).bytes(), event.toString());
        }
        assertNotEquals(encoding.of(a).bytes(), encoding.of(sameNumberOtherNode).bytes());
    }

    @Test
    void journaled_events_in_a_row_spread_over_the_slots() {
        Set<Integer> slots = new HashSet<>();
        for (long n = 1; n <= FeedEncoding.SLOTS; n++) {
            int slot = FeedEncoding.slot(n * 1000);
            assertTrue(slot >= 0 && slot < FeedEncoding.SLOTS, Integer.toString(slot));
            slots.add(slot);
        }
        assertTrue(slots.size() > FeedEncoding.SLOTS / 2, slots.size() + " slots used");
    }
}
