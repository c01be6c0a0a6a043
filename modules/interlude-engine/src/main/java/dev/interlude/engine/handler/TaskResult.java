package dev.interlude.engine.handler;

import dev.interlude.engine.CborSerializable;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one attempt.
 *
 * @param success      true if the attempt succeeded (exit code 0, a 2xx answer, the Java handler said so)
 * @param result       what branches match with {@code result-equals} / {@code result-contains}: the last non-empty
 *                     stdout line of a command, the (bounded) body of an HTTP answer, a Java handler's own text
 * @param outputTail   the end of the standard output (a command) or the start of the body (HTTP), bounded
 * @param errorTail    the end of the standard error of a command, bounded; empty for other handlers
 * @param exitCode     a command's exit code (128 + signal when it was killed), the HTTP status for HTTP
 * @param error        why it failed, for operators
 * @param cancelled    the attempt was stopped through its {@link Cancellation} (a timeout, an operator stop)
 * @param breakerOpen  the call was rejected without being made, because the endpoint's circuit breaker is open: a
 *                     block reason for the planner, not evidence about the task
 */
public record TaskResult(
        boolean success,
        String result,
        String outputTail,
        String errorTail,
        Optional<Integer> exitCode,
        Optional<String> error,
        boolean cancelled,
        boolean breakerOpen) implements CborSerializable {

    public TaskResult {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(outputTail, "outputTail");
        Objects.requireNonNull(errorTail, "errorTail");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(error, "error");
    }

    public static TaskResult success(String result) {
        return new TaskResult(true, result, "", "", Optional.empty(), Optional.empty(), false, false);
    }

    public static TaskResult failure(String error) {
        return new TaskResult(false, "", "", "", Optional.empty(), Optional.of(error), false, false);
    }

    /** A failure because the attempt was cancelled. */
    public static TaskResult cancelled(String reason) {
        return new TaskResult(false, "", "", "", Optional.empty(), Optional.of("cancelled: " + reason), true, false);
    }

    /** A call rejected by the open circuit breaker of {@code endpoint} (scheme://host:port). */
    public static TaskResult breakerOpen(URI endpoint) {
        return new TaskResult(false, "", "", "", Optional.empty(),
                Optional.of("circuit breaker open for " + endpoint), false, true);
    }

    public TaskResult withResult(String value) {
        return new TaskResult(success, value, outputTail, errorTail, exitCode, error, cancelled, breakerOpen);
    }

    public TaskResult withOutput(String stdoutTail, String stderrTail) {
        return new TaskResult(success, result, stdoutTail, stderrTail, exitCode, error, cancelled, breakerOpen);
    }

    public TaskResult withExitCode(int code) {
        return new TaskResult(success, result, outputTail, errorTail, Optional.of(code), error, cancelled,
                breakerOpen);
    }
}
