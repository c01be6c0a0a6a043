package dev.interlude.engine.supervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What the supervisor's intake ({@link RunRequests}) and outbox ({@link RunReports}) share: items queued in arrival
 * order and handed over one numbered batch at a time, the next only once the previous is acknowledged. Confined to
 * the actor that owns it.
 *
 * @param <T> what is batched
 */
final class Batching<T> {

    private final int maxBatch;
    private final BiConsumer<Long, List<T>> send;
    private final Deque<T> queued = new ArrayDeque<>();
    /** The batch sent and not acknowledged yet (empty when nothing is in flight). */
    private List<T> inFlight = List.of();
    private boolean awaitingAck;
    private long batch;

    /** Batches of at most {@code maxBatch}, each given to {@code send} with its number. */
    Batching(int maxBatch, BiConsumer<Long, List<T>> send) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.send = send;
    }

    /** Queues {@code item}, and sends it at once if no batch is in flight. */
    void add(T item) {
        queued.addLast(item);
        if (!awaitingAck) {
            sendNext(maxBatch);
        }
    }

    /** Batch {@code number} was acknowledged: the next goes, if any is queued. A stale number changes nothing. */
    void acknowledged(long number) {
        if (number != batch || !awaitingAck) {
            return; // a late answer for a batch sent again, or given up, since
        }
        awaitingAck = false;
        inFlight = List.of();
        if (!queued.isEmpty()) {
            sendNext(maxBatch);
        }
    }

    /** The batch in flight, if any, is given up (no longer awaited) and returned; the queue stays. */
    List<T> giveUpInFlight() {
        List<T> given = inFlight;
        inFlight = List.of();
        awaitingAck = false;
        return given;
    }

    /** The batch in flight goes back to the head of the queue, in order. */
    void requeueInFlight() {
        List<T> back = giveUpInFlight();
        for (int i = back.size() - 1; i >= 0; i--) {
            queued.addFirst(back.get(i));
        }
    }

    /** Sends the next batch if any is queued and none is in flight. */
    void sendIfIdle() {
        if (!awaitingAck && !queued.isEmpty()) {
            sendNext(maxBatch);
        }
    }

    /** Sends everything queued as one batch, even when nothing is, whatever is in flight. */
    void sendAll() {
        sendNext(Integer.MAX_VALUE);
    }

    private void sendNext(int limit) {
        int size = Math.min(limit, queued.size());
        List<T> next = new ArrayList<>(size);
        while (next.size() < size) {
            next.add(queued.pollFirst());
        }
        batch++;
        inFlight = List.copyOf(next);
        awaitingAck = true;
        send.accept(batch, inFlight);
    }
}
