package dev.interlude.engine.supervisor;

import dev.interlude.core.plan.Start;
import dev.interlude.engine.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened, in the past tense, as the supervisor journals it. Every event carries the ids it concerns and the
 * instant it happened (from the injected clock), so replaying the journal rebuilds the same state on any node.
 */
public sealed interface SupervisorEvent extends CborSerializable {

    /** When it happened. */
    Instant at();

    /** A run was asked for outside the task's trigger: by an operator, or by a branch of another run. */
    record RunQueued(String requestId, String task, Map<String, String> parameters, String requestedBy, Instant at)
            implements SupervisorEvent {
        public RunQueued {
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * An attempt of a run started. A new run starts at attempt 1 with a fresh run id; a run retried after an
     * interruption keeps its id (handlers use it as an idempotency key).
     */
    record RunStarted(String runId, String task, int attempt, Start.Cause cause, Optional<String> requestId,
                      Map<String, String> parameters, String category, int memoryMb, Duration estimate, Instant at)
            implements SupervisorEvent {
        public RunStarted {
            parameters = Map.copyOf(parameters);
        }
    }

    /** A run ended well; {@code result} is what branches match on. */
    record RunSucceeded(String runId, String task, int attempt, String result, Instant at) implements SupervisorEvent {
    }

    /** An attempt failed; whether it is retried is told by the {@link RetryScheduled} or {@link RunAbandoned} after it. */
    record RunFailed(String runId, String task, int attempt, String error, Instant at) implements SupervisorEvent {
    }

    /** The next attempt of a run will start at {@code notBefore}. */
    record RetryScheduled(String runId, String task, int nextAttempt, Instant notBefore, Instant at)
            implements SupervisorEvent {
    }

    /** A run failed its last allowed attempt. */
    record RunAbandoned(String runId, String task, int attempts, String error, Instant at) implements SupervisorEvent {
    }

    /** A run was in flight when its node stopped or died; it is retried under its policy with the same id. */
    record RunInterrupted(String runId, String task, int attempt, Instant at) implements SupervisorEvent {
    }

    /** A task due to run waits for an operator's approval. */
    record ApprovalRequested(String task, String reason, Instant expiresAt, Instant at) implements SupervisorEvent {
    }

    /** An operator approved a task until {@code expiresAt}. */
    record ApprovalGranted(String task, String by, Instant expiresAt, Instant at) implements SupervisorEvent {
    }

    /** An operator denied a task until {@code expiresAt}: it does not run before then. */
    record ApprovalDenied(String task, String by, Instant expiresAt, Instant at) implements SupervisorEvent {
    }

    /** Dispatch stopped: nothing new starts until it resumes. */
    record DispatchStopped(String by, String reason, boolean cancelRunning, Instant at) implements SupervisorEvent {
        public DispatchStopped {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Dispatch resumed. */
    record DispatchResumed(String by, Instant at) implements SupervisorEvent {
    }

    /**
     * An operator defined (or redefined) a task at run time: {@code definition} is its catalog block as canonical
     * JSON, checked against the whole catalog before it was journaled. It may hold handler secrets (environment
     * values, headers): it is never printed, published on the status feed or answered by the API.
     */
    record TaskDefined(String task, String definition, String by, Instant at) implements SupervisorEvent {
        public TaskDefined {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(definition, "definition");
        }

        @Override
        public String toString() {
            return "TaskDefined[task=" + task + ", definition=(" + definition.length() + " chars), by=" + by
                    + ", at=" + at + "]";
        }
    }

    /** An operator removed a task at run time (no other task referred to it). */
    record TaskRemoved(String task, String by, Instant at) implements SupervisorEvent {
    }

    /** An operator switched a task on or off at run time. */
    record TaskEnabledChanged(String task, boolean enabled, String by, Instant at) implements SupervisorEvent {
    }
}
