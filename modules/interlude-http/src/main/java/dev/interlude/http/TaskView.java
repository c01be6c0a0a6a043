package dev.interlude.http;

import dev.interlude.core.task.Branch;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.RetryPolicy;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.task.Trigger;
import dev.interlude.engine.status.StatusEvents;
import dev.interlude.engine.supervisor.CatalogChanges;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A task as the API shows it. The summary (in {@code GET /tasks}) says what an operator scans for; the full view
 * adds the {@code definition}: the task's catalog block with every default made explicit, in the keys of the
 * catalog file, so it can be edited and sent back with {@code PUT}. Secrets are never shown: the values of a
 * command's {@code env}, of an HTTP call's {@code headers}, its {@code body}, a Java handler's {@code settings}, and
 * the credentials and query of a URL read {@value #MASK}.
 */
final class TaskView {

    /** What a secret value reads as; a definition sent with it is refused (it would replace the secret). */
    static final String MASK = "***";

    private TaskView() {
    }

    /** What {@code GET /tasks} lists of a task: these keys of its definition, under these names. */
    private static final Map<String, String> SUMMARY = summaryKeys();

    private static Map<String, String> summaryKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String key : List.of("description", "category", "priority", "phases", "trigger", "enabled",
                "dependencies", "conflicts")) {
            keys.put(key, key);
        }
        keys.put("memory-mb", "memoryMb");
        keys.put("estimated-duration", "estimate");
        keys.put("handler", "handler");
        return keys;
    }

    /** What {@code GET /tasks} lists for {@code task}: the trigger in words, the handler's type. */
    static Map<String, Object> summary(TaskSpec task, CatalogChanges changes) {
        Map<String, Object> definition = definition(task);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", task.name());
        SUMMARY.forEach((key, name) -> view.put(name, definition.get(key)));
        view.put("trigger", describe(task.trigger()));
        view.put("handler", task.handler().type());
        view.put("source", changes.definitions().containsKey(task.name()) ? "api" : "configuration");
        changes.lastChange(task.name()).ifPresent(change -> {
            view.put("changedBy", change.by());
            view.put("changedAt", change.at().toString());
        });
        return view;
    }

    /** What {@code GET /tasks/{name}} answers: the summary and the whole definition. */
    static Map<String, Object> full(TaskSpec task, CatalogChanges changes) {
        Map<String, Object> view = summary(task, changes);
        view.put("definition", definition(task));
        return view;
    }

    /** The task's catalog block, every key explicit, secrets masked. */
    static Map<String, Object> definition(TaskSpec task) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("description", task.description());
        d.put("category", task.category());
        d.put("priority", task.priority().name());
        d.put("phases", task.phases().stream().map(Enum::name).toList());
        d.put("trigger", trigger(task.trigger()));
        d.put("dependencies", task.dependencies());
        d.put("conflicts", task.conflicts().stream().sorted().toList());
        d.put("memory-mb", task.memoryMb());
        d.put("estimated-duration", hocon(task.estimatedDuration()));
        d.put("timeout", hocon(task.timeout()));
        d.put("retry", retry(task.retry()));
        d.put("risk", task.risk().name());
        d.put("confidence", task.confidence());
        d.put("requires-approval", task.requiresApproval());
        d.put("extendable", task.extendable());
        d.put("opportunistic", task.opportunistic());
        d.put("max-concurrent-runs", task.maxConcurrentRuns());
        task.deadline().ifPresent(deadline -> d.put("deadline", time(deadline)));
        d.put("handler", handler(task.handler()));
        d.put("branches", task.branches().stream().map(TaskView::branch).toList());
        d.put("enabled", task.enabled());
        return d;
    }

    /** A trigger in words: {@code daily at 18:30 (America/New_York)}, {@code once per research window}. */
    static String describe(Trigger trigger) {
        if (trigger instanceof Trigger.Cron c) {
            return "cron \"" + c.expression() + "\" (" + c.zone() + ")";
        }
        if (trigger instanceof Trigger.Daily d) {
            return "daily at " + time(d.at()) + " (" + d.zone() + ")";
        }
        if (trigger instanceof Trigger.Weekly w) {
            return "weekly on " + String.join(", ", days(w)) + " at " + time(w.at()) + " (" + w.zone() + ")";
        }
        if (trigger instanceof Trigger.Interval i) {
            return "every " + hocon(i.every()) + " from the last start";
        }
        if (trigger instanceof Trigger.EveryWindow w) {
            return w.scope() == Trigger.EveryWindow.Scope.WINDOW ? "once per research window"
                    : "once per trading day";
        }
        return "manual: only when requested or started by a branch";
    }

    private static Map<String, Object> trigger(Trigger trigger) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("type", trigger.type());
        if (trigger instanceof Trigger.Cron c) {
            t.put("expression", c.expression());
            t.put("zone", c.zone().getId());
        } else if (trigger instanceof Trigger.Daily d) {
            t.put("at", time(d.at()));
            t.put("zone", d.zone().getId());
        } else if (trigger instanceof Trigger.Weekly w) {
            t.put("days", days(w));
            t.put("at", time(w.at()));
            t.put("zone", w.zone().getId());
        } else if (trigger instanceof Trigger.Interval i) {
            t.put("every", hocon(i.every()));
        } else if (trigger instanceof Trigger.EveryWindow w) {
            t.put("scope", w.scope() == Trigger.EveryWindow.Scope.WINDOW ? "window" : "trading-day");
        }
        return t;
    }

    private static List<String> days(Trigger.Weekly weekly) {
        return weekly.days().stream().sorted().map(DayOfWeek::name).map(d -> d.substring(0, 3)).toList();
    }

    private static Map<String, Object> retry(RetryPolicy retry) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("max-attempts", retry.maxAttempts());
        r.put("initial-backoff", hocon(retry.initialBackoff()));
        r.put("multiplier", retry.multiplier());
        r.put("max-backoff", hocon(retry.maxBackoff()));
        r.put("jitter", retry.jitter());
        return r;
    }

    private static Map<String, Object> handler(HandlerSpec handler) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("type", handler.type());
        if (handler instanceof HandlerSpec.Java java) {
            h.put("name", java.name());
            h.put("settings", masked(java.settings()));
        } else if (handler instanceof HandlerSpec.Command command) {
            h.put("argv", command.argv());
            command.workingDirectory().ifPresent(cwd -> h.put("cwd", cwd));
            h.put("env", masked(command.environment()));
            command.memoryLimitMb().ifPresent(mb -> h.put("memory-limit-mb", mb));
        } else if (handler instanceof HandlerSpec.Http http) {
            h.put("method", http.method());
            h.put("url", StatusEvents.safeReason(http.url().toString()));
            h.put("headers", masked(http.headers()));
            http.body().ifPresent(body -> h.put("body", MASK));
        } else if (handler instanceof HandlerSpec.Simulated simulated) {
            simulated.duration().ifPresent(d -> h.put("duration", hocon(d)));
            h.put("failure-probability", simulated.failureProbability());
        }
        return h;
    }

    private static Map<String, Object> branch(Branch branch) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("on", branch.on().id());
        branch.value().ifPresent(v -> b.put("value", v));
        b.put("task", branch.task());
        b.put("parameters", new TreeMap<>(branch.parameters()));
        return b;
    }

    /** The keys, sorted, each with the mask for its value. */
    private static Map<String, String> masked(Map<String, String> secrets) {
        return secrets.keySet().stream().collect(Collectors.toMap(k -> k, k -> MASK, (a, b) -> a, TreeMap::new));
    }

    /** A duration as HOCON reads it back, in its largest exact unit: {@code 90m}, {@code 2h}, {@code 1500ms}. */
    static String hocon(Duration d) {
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toNanos() + "ns";
        }
        long millis = d.toMillis();
        for (ChronoUnit unit : List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS)) {
            long size = unit.getDuration().toMillis();
            if (millis != 0 && millis % size == 0) {
                return millis / size + switch (unit) {
                    case DAYS -> "d";
                    case HOURS -> "h";
                    case MINUTES -> "m";
                    default -> "s";
                };
            }
        }
        return millis + "ms";
    }

    private static String time(LocalTime time) {
        return time.getSecond() == 0 && time.getNano() == 0
                ? String.format(Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute()) : time.toString();
    }
}
