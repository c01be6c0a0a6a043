package dev.interlude.engine.handler;

/**
 * Service-provider interface for in-process Java handlers: list implementations in
 * {@code META-INF/services/dev.interlude.engine.handler.TaskHandlerProvider}. The catalog names a handler by
 * {@link #name()}; nothing is ever loaded from a class name sent over the API.
 */
public interface TaskHandlerProvider {

    /** The name tasks use in {@code handler { type = java, name = ... }}. */
    String name();

    /** The handler, created once when the registry is built. */
    TaskHandler create();
}
