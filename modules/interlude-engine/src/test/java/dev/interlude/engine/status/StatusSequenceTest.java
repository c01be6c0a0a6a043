package dev.interlude.engine.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The numbering of status events from the journal's sequence numbers. */
class StatusSequenceTest {

    @Test
    void a_journaled_event_owns_its_journal_number_times_the_stride() {
        assertEquals(1000, StatusSequence.ofJournaled(1));
        assertEquals(42000, StatusSequence.ofJournaled(42));
        assertEquals(42, StatusSequence.journalPart(42000));
        assertEquals(42, StatusSequence.journalPart(42999));
    }

    @Test
    void unjournaled_events_follow_the_last_journaled_one_in_order() {
        assertEquals(OptionalLong.of(42001), StatusSequence.afterJournal(42, 42000));
        assertEquals(OptionalLong.of(42002), StatusSequence.afterJournal(42, 42001));
        assertEquals(OptionalLong.of(1), StatusSequence.afterJournal(0, 0));
    }

    @Test
    void unjournaled_events_come_before_the_next_journaled_one() {
        long last = StatusSequence.afterJournal(42, 42000).orElseThrow();
        long next = StatusSequence.ofJournaled(43);
        assertEquals(true, last < next);
    }

    @Test
    void a_hub_that_saw_more_than_the_supervisor_says_continues_after_what_it_saw() {
        // a hub that received 42005 through the topic, told by a supervisor that restarted at journal event 42
        assertEquals(OptionalLong.of(42006), StatusSequence.afterJournal(42, 42005));
        // a stale journal number never makes the sequence go back
        assertEquals(OptionalLong.of(43001), StatusSequence.afterJournal(42, 43000));
    }

    @Test
    void no_more_than_stride_minus_one_unjournaled_events_follow_one_journaled_event() {
        assertEquals(OptionalLong.of(42999), StatusSequence.afterJournal(42, 42998));
        assertEquals(OptionalLong.empty(), StatusSequence.afterJournal(42, 42999));
    }

    @Test
    void rejects_journal_numbers_out_of_range() {
        assertThrows(IllegalArgumentException.class, () -> StatusSequence.ofJournaled(0));
        assertThrows(IllegalArgumentException.class, () -> StatusSequence.ofJournaled(Long.MAX_VALUE / 10));
        assertThrows(IllegalArgumentException.class, () -> StatusSequence.afterJournal(-1, 0));
    }
}
