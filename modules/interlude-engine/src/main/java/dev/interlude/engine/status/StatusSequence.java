package dev.interlude.engine.status;

import java.util.OptionalLong;

/**
 * How status events are numbered, so that the numbers only increase across supervisor restarts and moves, and a
 * client resuming with {@code Last-Event-ID} misses nothing and sees nothing out of order.
 *
 * <p>The supervisor's journal already numbers every event it persists (the Pekko persistence sequence number), and
 * those numbers survive restarts and moves: they are the backbone. Between two journaled events the supervisor also
 * notices things it does not journal (a phase change, an alert); these slot in between:
 * <ul>
 *   <li>the status event of journaled event {@code n} is numbered {@code n * STRIDE}
 *       ({@code n = 42}: {@code 42000});</li>
 *   <li>the status events noticed after journaled event {@code n} and before {@code n + 1} are numbered
 *       {@code n * STRIDE + 1}, {@code + 2}, ... ({@code 42001}, {@code 42002}), up to {@code STRIDE - 1} of them;
 *       one more would take the number of journaled event {@code n + 1}, so it is not published (and logged).</li>
 * </ul>
 * The order is total and matches the order in which the supervisor saw things happen. The sub-counter lives in the
 * hub: a hub that has seen {@code 42002} (from its own supervisor, or through the cluster-wide topic from the hub of
 * the node the supervisor ran on before) numbers the next unjournaled event {@code 42003}.
 */
public final class StatusSequence {

    /** How many numbers each journaled event owns: itself and up to {@code STRIDE - 1} unjournaled followers. */
    public static final long STRIDE = 1000;

    private static final long MAX_JOURNAL_SEQUENCE_NR = Long.MAX_VALUE / STRIDE - 1;

    private StatusSequence() {
    }

    /** The status sequence of the journaled event with this journal sequence number (1, 2, ...). */
    public static long ofJournaled(long journalSequenceNr) {
        checkJournalSequenceNr(journalSequenceNr, 1);
        return journalSequenceNr * STRIDE;
    }

    /**
     * The status sequence of an unjournaled event seen when the journal's last sequence number was
     * {@code lastJournalSequenceNr} (0 before anything was journaled), given the highest sequence already handed out;
     * empty when the {@code STRIDE - 1} numbers after that journaled event are used up.
     */
    public static OptionalLong afterJournal(long lastJournalSequenceNr, long highestHandedOut) {
        checkJournalSequenceNr(lastJournalSequenceNr, 0);
        long next = Math.max(lastJournalSequenceNr * STRIDE, highestHandedOut) + 1;
        return next % STRIDE == 0 ? OptionalLong.empty() : OptionalLong.of(next);
    }

    /** The journal sequence number a status sequence belongs to (its own, or the one it follows). */
    public static long journalPart(long sequence) {
        return sequence / STRIDE;
    }

    private static void checkJournalSequenceNr(long journalSequenceNr, long min) {
        if (journalSequenceNr < min || journalSequenceNr > MAX_JOURNAL_SEQUENCE_NR) {
            throw new IllegalArgumentException("journal sequence number out of range: " + journalSequenceNr);
        }
    }
}
