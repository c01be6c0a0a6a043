package dev.interlude.engine.status;

import dev.interlude.engine.CborSerializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One change of Interlude's status, numbered, as every subscriber receives it: the server-sent-events feed (whose
 * {@code id:} is the {@code sequence}, so a client resumes with {@code Last-Event-ID}), the LED board, webhooks.
 * Published cluster-wide on the {@value StatusHub#TOPIC} topic.
 *
 * <p>Sequence numbers only increase: every hub hands an event to its subscribers only if its sequence is above
 * every sequence it handed out before. See {@link StatusHub} for how they are assigned.
 *
 * @param sequence the event's place in the feed (see {@link StatusSequence})
 * @param at       when it happened
 * @param type     the snake_case type ({@link StatusType#id()})
 * @param task     the task it concerns, if any
 * @param runId    the run it concerns, if any
 * @param attempt  the attempt it concerns, if any
 * @param details  the rest, snake_case keys to short strings, sorted by key; never secrets (see {@link StatusUpdate})
 */
public record StatusEvent(long sequence, Instant at, String type, Optional<String> task, Optional<String> runId,
                          OptionalInt attempt, Map<String, String> details) implements CborSerializable {

    public StatusEvent {
        if (sequence <= 0) {
            throw new IllegalArgumentException("a status event's sequence is positive: " + sequence);
        }
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(attempt, "attempt");
        details = StatusUpdate.sorted(details);
    }

    /** The event without its number. */
    public StatusUpdate update() {
        return new StatusUpdate(at, type, task, runId, attempt, details);
    }
}
