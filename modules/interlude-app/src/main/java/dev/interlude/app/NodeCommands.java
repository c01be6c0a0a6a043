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
