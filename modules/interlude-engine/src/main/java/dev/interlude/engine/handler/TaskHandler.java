package dev.interlude.engine.handler;

import java.util.concurrent.CompletionStage;

/**
 * The unit of work: runs one attempt of a task. A handler reports its own failures (a non-zero exit, a 500, an
 * exception in the work) as a completed {@link TaskResult#failure(String) failure}; an exceptionally completed stage
 * means a bug, and the runner treats it as a failed attempt too.
 *
 * <p>A handler must not block the calling thread: blocking work belongs on the executor it was given. It observes
 * {@link TaskContext#cancellation()} and stops its work for real when asked (the runner cancels on timeout).
 */
@FunctionalInterface
public interface TaskHandler {

    CompletionStage<TaskResult> run(TaskContext context);
}
