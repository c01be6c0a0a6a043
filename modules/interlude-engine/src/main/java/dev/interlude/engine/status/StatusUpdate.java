package dev.interlude.engine.status;

import dev.interlude.engine.CborSerializable;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A status event before the {@link StatusHub} numbers it: what changed, when, and about what. The supervisor builds
 * these with {@link StatusEvents} and hands them to its node's hub, which turns each into a {@link StatusEvent}.
 *
 * <p>Only names, ids, reasons, counts, durations and instants go in here, never secrets: no handler environment, no
 * HTTP headers or bodies, no command lines, no parameter values, no run results.
 *
 * @param at      when it happened (the instant of the journaled event, or of the plan that saw the change)
 * @param type    the snake_case type, one of {@link StatusType#id()} (other snake_case names are accepted so a node
 *                of a newer version can publish types this one does not know yet)
 * @param task    the task it concerns, if it concerns one
 * @param runId   the run it concerns, if it concerns one
 * @param attempt the attempt it concerns (for {@code retry_scheduled}, the next attempt; for {@code run_abandoned},
 *                the attempts made), if it concerns one
 * @param details the rest, as snake_case keys to short strings (instants and durations in ISO-8601), sorted by key
 */
public record StatusUpdate(Instant at, String type, Optional<String> task, Optional<String> runId,
                           OptionalInt attempt, Map<String, String> details) implements CborSerializable {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");

    public StatusUpdate {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        if (!SNAKE_CASE.matcher(type).matches()) {
            throw new IllegalArgumentException("a status type is snake_case: \"" + type + "\"");
        }
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(attempt, "attempt");
        details = sorted(details);
    }

    /** An update about no task or run in particular (a phase change, a stop). */
    public static StatusUpdate of(Instant at, StatusType type, Map<String, String> details) {
        return new StatusUpdate(at, type.id(), Optional.empty(), Optional.empty(), OptionalInt.empty(), details);
    }

    /** An update about a task. */
    public static StatusUpdate ofTask(Instant at, StatusType type, String task, Map<String, String> details) {
        return new StatusUpdate(at, type.id(), Optional.of(task), Optional.empty(), OptionalInt.empty(), details);
    }

    /** An update about one attempt of a run of a task. */
    public static StatusUpdate ofRun(Instant at, StatusType type, String task, String runId, int attempt,
                                     Map<String, String> details) {
        return new StatusUpdate(at, type.id(), Optional.of(task), Optional.of(runId), OptionalInt.of(attempt),
                details);
    }

    /** This update numbered: what subscribers receive. */
    public StatusEvent withSequence(long sequence) {
        return new StatusEvent(sequence, at, type, task, runId, attempt, details);
    }

    static Map<String, String> sorted(Map<String, String> details) {
        Objects.requireNonNull(details, "details");
        TreeMap<String, String> copy = new TreeMap<>();
        details.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "details key"),
                Objects.requireNonNull(v, () -> "details value of " + k)));
        return Collections.unmodifiableMap(copy);
    }
}
