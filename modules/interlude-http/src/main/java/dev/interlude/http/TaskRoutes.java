package dev.interlude.http;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.interlude.core.config.Problem;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.engine.status.StatusEvents;
import dev.interlude.engine.supervisor.CatalogChanges;
import dev.interlude.engine.supervisor.EffectiveCatalog;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskDefined;
import dev.interlude.engine.supervisor.SupervisorState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * The task catalog over HTTP, under {@code /api/v1/tasks}: list and show the catalog the supervisor plans with,
 * define a task ({@code PUT}, checked exactly as the catalog file is, against the whole catalog), remove one, switch
 * one on or off. Changes go to the supervisor, which journals them: they survive a restart and are the same on every
 * node. A task defined here may name only a Java handler registered on the node, and may run a command only where
 * {@code interlude.http.tasks.allow-command-handlers} is on. Secrets in handlers are never answered
 * ({@link TaskView}).
 */
final class TaskRoutes extends AllDirectives {

    private final ApiRoutes api;
    private final NodeApi node;

    TaskRoutes(ApiRoutes api, NodeApi node) {
        this.api = api;
        this.node = node;
    }

    /** The routes under {@code /api/v1/tasks}; {@code /tasks/{name}/run} and others fall through to other areas. */
    Route route() {
        return concat(
                pathEndOrSingleSlash(() -> get(() -> api.reading(this::list))),
                path(PathMatchers.segment(), name -> concat(
                        get(() -> api.reading(() -> show(name))),
                        put(() -> api.mutating(by -> define(name, by))),
                        delete(() -> api.mutating(by -> api.noBody(() -> remove(name, by)))))),
                path(PathMatchers.segment().slash("enable"), name ->
                        post(() -> api.mutating(by -> api.noBody(() -> setEnabled(name, true, by))))),
                path(PathMatchers.segment().slash("disable"), name ->
                        post(() -> api.mutating(by -> api.noBody(() -> setEnabled(name, false, by))))));
    }

    // ---- reading ----

    private Route list() {
        return api.answer(node.state(), state -> {
            EffectiveCatalog effective = effective(state.catalogChanges());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tasks", effective.catalog().tasks().stream()
                    .map(t -> TaskView.summary(t, state.catalogChanges())).toList());
            if (!effective.applied()) {
                // The catalog file changed under the changes made here: the configured catalog runs meanwhile.
                body.put("changesSetAside", effective.problems().stream().map(p -> new Problem(p.path(),
                        StatusEvents.safeReason(p.message()))).toList());
            }
            return Api.ok(body);
        });
    }

    private Route show(String name) {
        return api.answer(node.state(), state -> effective(state.catalogChanges()).catalog().get(name)
                .map(task -> Api.ok(TaskView.full(task, state.catalogChanges())))
                .orElseGet(() -> unknown(name)));
    }

    // ---- changing ----

    private Route define(String name, String by) {
        return extractActorSystem(system -> api.jsonBody(body -> {
            TaskApiSettings settings = TaskApiSettings.create(system.settings().config());
            String definition = definition(name, body);
            checkHandler(name, definition, settings);
            return api.answer(node.state().thenCompose(state -> define(name, definition, by, state)), r -> r);
        }));
    }

    /**
     * Checks the definition against the whole catalog and the node's Java handlers, then has the supervisor journal
     * it; answers the task as it is now (201 if it is new).
     */
    private CompletionStage<HttpResponse> define(String name, String definition, String by, SupervisorState state) {
        CatalogChanges current = state.catalogChanges();
        CatalogChanges next = current.apply(new TaskDefined(name, definition, by, node.clock().instant()));
        List<Problem> problems = new ArrayList<>(EffectiveCatalog.problemsOfChange(node.catalog(), current, next));
        javaHandler(definition).flatMap(handler -> node.handlers().check("tasks." + name + ".handler.name", handler))
                .ifPresent(problems::add);
        if (!problems.isEmpty()) {
            problems.sort(null);
            return CompletableFuture.completedFuture(Api.problems(StatusCodes.BAD_REQUEST,
                    "task \"" + name + "\" was not defined", problems));
        }
        boolean isNew = !effective(current).catalog().contains(name);
        return invalidAsBadRequest(node.defineTask(name, definition, by))
                .thenCompose(done -> node.state())
                .thenApply(after -> {
                    TaskSpec task = effective(after.catalogChanges()).catalog().get(name).orElseThrow(() ->
                            new Api.Refused(StatusCodes.CONFLICT, "task \"" + name + "\" was changed again "
                                    + "meanwhile: read it again"));
                    return Api.json(isNew ? StatusCodes.CREATED : StatusCodes.OK,
                            TaskView.full(task, after.catalogChanges()));
                });
    }

    private Route remove(String name, String by) {
        return api.answer(node.removeTask(name, by), done -> Api.ok(change(name, by, "removed", true)));
    }

    private Route setEnabled(String name, boolean enabled, String by) {
        return api.answer(node.setTaskEnabled(name, enabled, by), done -> Api.ok(change(name, by, "enabled",
                enabled)));
    }

    // ---- checking a definition ----

    /**
     * The request body as the task's canonical definition. The body is read strictly as JSON first
     * ({@link JsonBodies}: nesting depth, duplicate keys, trailing data, UTF-8), so the catalog's parser only ever
     * sees a well-formed, shallow object.
     *
     * @throws Api.Refused 400 for a bad name, a body that is not a JSON object, or a masked secret sent back
     */
    private String definition(String name, Optional<byte[]> body) {
        if (!CatalogLoader.TASK_NAME.matcher(name).matches()) {
            throw new Api.Refused(StatusCodes.BAD_REQUEST, "tasks." + name + ": task names are lower-case letters, "
                    + "digits, '_' and '-', not starting with '-'");
        }
        byte[] json = body.orElseThrow(() -> new Api.Refused(StatusCodes.BAD_REQUEST, "expected the task's catalog "
                + "block as a JSON object (priority, modes or phases, trigger, handler, ...), got nothing"));
        api.bodies().object(json);
        String definition;
        try {
            definition = CatalogChanges.canonical(new String(json, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            throw new Api.Refused(StatusCodes.BAD_REQUEST, "expected the task's catalog block as a JSON object: "
                    + e.getMessage());
        }
        List<String> masked = new ArrayList<>();
        maskedValues("tasks." + name, ConfigFactory.parseString(definition).root(), masked);
        if (!masked.isEmpty()) {
            throw new Api.Refused(StatusCodes.BAD_REQUEST, String.join(", ", masked) + ": \"" + TaskView.MASK
                    + "\" is what the API shows in place of a secret; send the value itself");
        }
        return definition;
    }

    /** The paths of every string holding the mask, which would replace a secret with it. */
    private static void maskedValues(String path, ConfigValue value, List<String> found) {
        if (value instanceof ConfigObject object) {
            object.keySet().stream().sorted().forEach(k -> maskedValues(path + "." + k, object.get(k), found));
        } else if (value instanceof ConfigList list) {
            for (int i = 0; i < list.size(); i++) {
                maskedValues(path + "[" + i + "]", list.get(i), found);
            }
        } else if (value.unwrapped() instanceof String s && s.contains(TaskView.MASK)) {
            found.add(path);
        }
    }

    /** A command handler runs a program on this node: only where the configuration allows it. */
    private static void checkHandler(String name, String definition, TaskApiSettings settings) {
        if (handlerKey(definition, "type").filter("command"::equals).isPresent()
                && !settings.allowCommandHandlers()) {
            throw new Api.Refused(StatusCodes.FORBIDDEN, "tasks." + name + ".handler.type: this node does not "
                    + "accept command handlers over the API (interlude.http.tasks.allow-command-handlers = off); "
                    + "declare the task in the catalog file instead");
        }
    }

    /** The name of the Java handler the definition names, if it names one. */
    private static Optional<String> javaHandler(String definition) {
        return handlerKey(definition, "type").filter("java"::equals)
                .flatMap(java -> handlerKey(definition, "name")).map(String::valueOf);
    }

    /** The value of {@code key} in the definition's handler block, if there is one. */
    private static Optional<Object> handlerKey(String definition, String key) {
        return Optional.ofNullable(ConfigFactory.parseString(definition).root().get("handler"))
                .filter(ConfigObject.class::isInstance).map(h -> ((ConfigObject) h).get(key))
                .map(ConfigValue::unwrapped);
    }

    // ---- helpers ----

    private EffectiveCatalog effective(CatalogChanges changes) {
        return EffectiveCatalog.of(node.catalog(), changes);
    }

    /** The supervisor's refusal of a definition (made invalid by a change in between) is the client's 400. */
    private static <T> CompletionStage<T> invalidAsBadRequest(CompletionStage<T> stage) {
        return stage.handle((value, failure) -> {
            Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                    : failure;
            if (t instanceof StatusReply.ErrorMessage error
                    && error.getMessage().startsWith(Supervisor.INVALID_DEFINITION)) {
                throw new Api.Refused(StatusCodes.BAD_REQUEST, error.getMessage());
            }
            if (t != null) {
                throw t instanceof RuntimeException r ? r : new CompletionException(t);
            }
            return value;
        });
    }

    private static Map<String, Object> change(String name, String by, String what, boolean value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", name);
        body.put(what, value);
        body.put("by", by);
        return body;
    }

    private static HttpResponse unknown(String name) {
        return Api.problem(StatusCodes.NOT_FOUND, "unknown task \"" + name + "\"");
    }
}
