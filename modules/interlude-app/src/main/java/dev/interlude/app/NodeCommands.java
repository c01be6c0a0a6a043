package dev.interlude.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interlude.app.Terminal.Color;
import dev.interlude.core.config.InvalidInputException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What an operator asks a running node from a terminal or a script: its status and queue (with {@code --watch} to
 * keep them on screen), approvals, and runs on demand.
 */
final class NodeCommands {

    private NodeCommands() {
    }

    /** A read an operator may keep on screen: {@code --watch} redraws it every {@code --interval}. */
    abstract static class WatchableCommand extends OperatorCommand {

        @Option(names = "--watch", description = "Keep asking and redraw in place until Ctrl-C.")
        boolean watch;

        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s",
                description = "How often --watch asks (default: ${DEFAULT-VALUE}; e.g. 2s, 1m).")
        String interval;

        @Override
        public Integer call() {
            if (!watch) {
                return super.call();
            }
            Duration every = Durations.parse("--interval", interval);
            NodeClient node = clientOptions.client(parent);
            Terminal terminal = Terminal.detect();
            PrintWriter out = spec.commandLine().getOut();
            while (!Thread.currentThread().isInterrupted()) {
                JsonNode answer = ask(node);
                out.print(terminal.clear());
                print(answer, a -> text(a, node));
                out.println(terminal.paint(Color.DIM, "every " + interval + " from " + node.base()
                        + " · Ctrl-C to stop"));
                out.flush();
                try {
                    // The pause between two polls of the node: what --watch is for.
                    TimeUnit.MILLISECONDS.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Interlude.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The running node's mode, window and budget, runs in flight, queue and stop.")
    static final class Status extends WatchableCommand {

        @Override
        JsonNode ask(NodeClient node) {
            return node.get("api/v1/status");
        }

        @Override
        String text(JsonNode s, NodeClient node) {
            Terminal t = Terminal.detect();
            StringBuilder out = new StringBuilder();
            out.append(t.paint(Color.BOLD, s.path("mode").asText("?"))).append(" · ")
                    .append(s.path("phase").asText("?")).append(" until ").append(time(s.path("phaseEnd")))
                    .append(s.has("health") ? " · health " + s.path("health").asText() : "").append('\n');
            JsonNode r = s.path("research");
            if (r.isObject() && r.has("budgetType")) {
                out.append("research window: ").append(r.path("budgetType").asText()).append(", ")
                        .append(time(r.path("start"))).append(" to ").append(time(r.path("end"))).append(": ")
                        .append(hours(r.path("remainingHours"))).append(" of ").append(hours(r.path("totalHours")))
                        .append(" h left, ").append(hours(r.path("busyHours"))).append(" h busy\n");
            }
            if (s.path("stopped").asBoolean()) {
                JsonNode stop = s.path("stop");
                out.append(t.paint(Color.RED, "DISPATCH STOPPED")).append(" by ").append(stop.path("by").asText())
                        .append(" at ").append(time(stop.path("at"))).append(": ").append(stop.path("reason").asText())
                        .append('\n');
            }
            Terminal.Table running = new Terminal.Table("TASK", "RUN ID", "ATTEMPT", "STARTED", "ESTIMATED END");
            for (JsonNode run : s.path("running")) {
                running.row(Color.GREEN, run.path("task").asText(), run.path("runId").asText(),
                        run.path("attempt").asText(), time(run.path("startedAt")), time(run.path("estimatedEnd")));
            }
            out.append("running: ").append(s.path("running").size())
                    .append(", queued: ").append(s.path("queued").asInt()).append('\n');
            if (!running.isEmpty()) {
                out.append(running.render(t, "  "));
            }
            return out.toString().stripTrailing();
        }
    }

    @Command(name = "queue", mixinStandardHelpOptions = true,
            description = "What the running node would start now, and every task that waits, with why.")
    static final class Queue extends WatchableCommand {

        @Option(names = "--all", description = "Also list tasks that are simply not due or out of their phase.")
        boolean all;

        @Override
        JsonNode ask(NodeClient node) {
            return node.get("api/v1/queue" + (all ? "?all=true" : ""));
        }

        @Override
        String text(JsonNode q, NodeClient node) {
            Terminal t = Terminal.detect();
            StringBuilder out = new StringBuilder();
            Terminal.Table starting = new Terminal.Table("TASK", "PRIORITY", "CAUSE", "ESTIMATED END");
            for (JsonNode s : q.path("startingNow")) {
                starting.row(Color.GREEN, s.path("task").asText(), s.path("priority").asText(),
                        s.path("cause").asText(), time(s.path("estimatedCompletion")));
            }
            out.append("starting now: ").append(q.path("startingNow").size()).append('\n');
            if (!starting.isEmpty()) {
                out.append(starting.render(t, "  "));
            }
            Terminal.Table waiting = new Terminal.Table("TASK", "PRIORITY", "REASON", "WAITING", "EST. START",
                    "DETAIL");
            for (JsonNode w : q.path("blocked")) {
                waiting.row(Color.YELLOW, w.path("task").asText(), w.path("priority").asText(),
                        w.path("reason").asText(), w.hasNonNull("waitSeconds")
                                ? dev.interlude.core.Durations.human(Duration.ofSeconds(w.path("waitSeconds").asLong()))
                                : "", time(w.path("estimatedStart")), w.path("detail").asText());
            }
            out.append("waiting: ").append(q.path("blocked").size()).append('\n');
            if (!waiting.isEmpty()) {
                out.append(waiting.render(t, "  "));
            }
            return out.toString().stripTrailing();
        }
    }

    /** A read over a range of the node's history. */
    abstract static class SinceCommand extends WatchableCommand {

        @Option(names = "--since", paramLabel = "WHEN", defaultValue = "24h",
                description = "How far back: a duration (24h, 90m) or an instant (default: ${DEFAULT-VALUE}).")
        String since;
    }

    @Command(name = "runs", mixinStandardHelpOptions = true,
            description = "The running node's execution history (the audit trail), newest first, paged.")
    static final class Runs extends SinceCommand {

        @Option(names = "--task", paramLabel = "TASK", description = "Only this task.")
        String task;

        @Option(names = "--status", paramLabel = "STATUS",
                description = "Only attempts that are succeeded, failed, abandoned, interrupted or running.")
        String status;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                description = "At most this many (1 to 1000, default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--cursor", paramLabel = "CURSOR", description = "The next page (printed under a full page).")
        String cursor;

        @Override
        JsonNode ask(NodeClient node) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("since", since);
            query.put("limit", String.valueOf(limit));
            if (task != null) {
                query.put("task", task);
            }
            if (status != null) {
                query.put("status", status);
            }
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            return node.get("api/v1/runs?" + NodeClient.query(query));
        }

        @Override
        String text(JsonNode answer, NodeClient node) {
            Terminal t = Terminal.detect();
            Terminal.Table runs = new Terminal.Table("STARTED", "TASK", "RUN ID", "ATTEMPT", "STATUS", "TOOK");
            for (JsonNode r : answer.path("runs")) {
                String state = r.path("status").asText();
                runs.row(outcomeColor(state), time(r.path("startedAt")), r.path("task").asText(),
                        r.path("runId").asText(), r.path("attempt").asText(), state,
                        r.hasNonNull("durationMs") ? dev.interlude.core.Durations.human(
                                Duration.ofMillis(r.path("durationMs").asLong())) : "");
            }
            String next = answer.path("nextCursor").isTextual() ? "\nmore: --cursor " + answer.path("nextCursor")
                    .asText() : "";
            return (runs.isEmpty() ? "no runs since " + since : runs.render(t, "").stripTrailing()) + next;
        }
    }

    @Command(name = "health", mixinStandardHelpOptions = true,
            description = "The running node's health: healthy, degraded or unhealthy, with each check.")
    static final class HealthCommand extends WatchableCommand {

        @Override
        JsonNode ask(NodeClient node) {
            return node.get("api/v1/health", 503);
        }

        @Override
        String text(JsonNode h, NodeClient node) {
            Terminal t = Terminal.detect();
            String verdict = h.path("status").asText("?");
            Terminal.Table checks = new Terminal.Table("CHECK", "STATUS", "VALUE", "THRESHOLD", "DETAIL");
            for (JsonNode c : h.path("checks")) {
                String state = c.path("status").asText();
                checks.row(state.equals("ok") || state.equals("healthy") ? Color.GREEN
                                : state.equals("degraded") || state.equals("warn") ? Color.YELLOW : Color.RED,
                        c.path("name").asText(), state, value(c.path("value"), c.path("unit")),
                        value(c.path("threshold"), c.path("unit")), c.path("detail").asText());
            }
            Color color = verdict.equals("healthy") ? Color.GREEN : verdict.equals("degraded") ? Color.YELLOW
                    : Color.RED;
            return t.paint(color, verdict) + "\n" + checks.render(t, "  ").stripTrailing();
        }

        private static String value(JsonNode value, JsonNode unit) {
            if (value.isMissingNode() || value.isNull()) {
                return "";
            }
            return value.asText() + (unit.isTextual() && !unit.asText().isEmpty() ? " " + unit.asText() : "");
        }
    }

    @Command(name = "metrics", mixinStandardHelpOptions = true,
            description = "Throughput, durations and error rates of the running node, overall and per task.")
    static final class MetricsCommand extends SinceCommand {

        @Override
        JsonNode ask(NodeClient node) {
            return node.get("api/v1/metrics?" + NodeClient.query(Map.of("since", since)));
        }

        @Override
        String text(JsonNode m, NodeClient node) {
            Terminal t = Terminal.detect();
            Terminal.Table table = new Terminal.Table("TASK", "RUNS/H", "SUCCEEDED", "FAILED", "ERROR RATE", "AVG",
                    "P50", "P95");
            row(table, "(all)", m.path("overall"));
            m.path("tasks").fields().forEachRemaining(e -> row(table, e.getKey(), e.getValue()));
            return "since " + time(m.path("since")) + " (" + hours(m.path("hours")) + " h)\n"
                    + table.render(t, "").stripTrailing();
        }

        private static void row(Terminal.Table table, String task, JsonNode s) {
            double errors = s.path("errorRate").asDouble(0);
            table.row(errors > 0.1 ? Color.RED : errors > 0 ? Color.YELLOW : Color.GREEN, task,
                    s.path("throughputPerHour").asText(), s.path("succeeded").asText(),
                    String.valueOf(s.path("failed").asInt() + s.path("abandoned").asInt()),
                    s.hasNonNull("errorRate") ? String.format(java.util.Locale.ROOT, "%.1f %%", 100 * errors) : "",
                    millis(s.path("averageMs")), millis(s.path("p50Ms")), millis(s.path("p95Ms")));
        }

        private static String millis(JsonNode ms) {
            return ms.isNumber() ? dev.interlude.core.Durations.human(Duration.ofMillis(ms.asLong())) : "";
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a task that waits for approval, until the end of the window (or trading cycle).")
    static final class Approve extends Decide {
        Approve() {
            super("approve");
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true,
            description = "Deny a task that waits for approval, until the end of the window (or trading cycle).")
    static final class Deny extends Decide {
        Deny() {
            super("deny");
        }
    }

    /** Approve or deny: approvals are per task (the id of a pending approval is its task's name). */
    abstract static class Decide extends OperatorCommand {

        private final String verb;

        @Parameters(paramLabel = "TASK", description = "The task waiting for approval (as `interlude queue` lists it).")
        String task;

        Decide(String verb) {
            this.verb = verb;
        }

        @Override
        JsonNode ask(NodeClient node) {
            return node.post("api/v1/approvals/" + URLEncoder.encode(task, StandardCharsets.UTF_8) + "/" + verb,
                    null);
        }

        @Override
        String text(JsonNode answer, NodeClient node) {
            return task + ": " + (verb.equals("approve") ? "approved" : "denied")
                    + (answer.hasNonNull("until") ? " until " + time(answer.path("until")) : "");
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Queue a run of a task on the running node now (it still waits for its phase, "
                    + "dependencies and limits).")
    static final class Trigger extends OperatorCommand {

        @Parameters(paramLabel = "TASK", description = "The task to run.")
        String task;

        @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "A run parameter (repeatable).")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Override
        JsonNode ask(NodeClient node) {
            return node.post("api/v1/tasks/" + URLEncoder.encode(task, StandardCharsets.UTF_8) + "/run",
                    Map.of("parameters", parameters));
        }

        @Override
        String text(JsonNode answer, NodeClient node) {
            return task + ": queued as " + answer.path("requestId").asText();
        }
    }

    // ---- formatting ----

    static Color outcomeColor(String outcome) {
        return switch (outcome) {
            case "succeeded" -> Color.GREEN;
            case "running" -> Color.BLUE;
            case "failed", "interrupted" -> Color.YELLOW;
            default -> Color.RED;
        };
    }

    /** An instant from the API as the operator reads it: local date-time with offset, without seconds noise. */
    static String time(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode() || value.asText().isEmpty()) {
            return "";
        }
        String text = value.asText();
        try {
            OffsetDateTime t = OffsetDateTime.parse(text);
            return t.toLocalDate() + " " + t.toLocalTime().withNano(0) + " " + t.getOffset();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text).toString();
            } catch (DateTimeParseException notAnInstant) {
                return text;
            }
        }
    }

    static String hours(JsonNode value) {
        return value.isNumber() ? String.format(java.util.Locale.ROOT, "%.1f", value.asDouble()) : "?";
    }

    /** Durations on the command line ({@code 5s}, {@code 1m}), read by Typesafe Config's rules. */
    static final class Durations {
        private Durations() {
        }

        static Duration parse(String option, String text) {
            try {
                Duration d = com.typesafe.config.ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"")
                        .getDuration("d");
                if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
                    throw new InvalidInputException(option, "expected a duration from 1s to 1h, got \"" + text + "\"");
                }
                return d;
            } catch (com.typesafe.config.ConfigException e) {
                throw new InvalidInputException(option, "expected a duration like 5s or 1m, got \"" + text + "\"");
            }
        }
    }
}
