package dev.interlude.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interlude.core.config.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The operator's emergency stop and its undoing, against a running node. */
final class ControlCommands {

    private ControlCommands() {
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop dispatch on the running node: nothing new starts until `interlude resume`.")
    static final class Stop implements Callable<Integer> {

        @ParentCommand
        private Interlude parent;

        @Spec
        private CommandSpec spec;

        @Mixin
        private ClientOptions client;

        @Option(names = "--reason", required = true, paramLabel = "TEXT",
                description = "Why (recorded in the journal and shown on the dashboard).")
        private String reason;

        @Option(names = "--cancel-running", description = "Also cancel the runs in flight.")
        private boolean cancelRunning;

        @Option(names = "--json", description = "Print the node's answer as JSON.")
        private boolean json;

        @Override
        public Integer call() {
            if (reason.isBlank()) {
                throw new InvalidInputException("--reason", "expected a reason, got \"\"");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reason", reason);
            body.put("cancelRunning", cancelRunning);
            NodeClient node = client.client(parent);
            JsonNode answer = node.post("api/v1/stop", body);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(answer));
            } else {
                out.println("dispatch stopped on " + node.base() + " by " + answer.path("by").asText()
                        + ": " + answer.path("reason").asText()
                        + (answer.path("cancelRunning").asBoolean() ? " (runs in flight cancelled)" : ""));
            }
            return Interlude.OK;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume dispatch on the running node after a stop.")
    static final class Resume implements Callable<Integer> {

        @ParentCommand
        private Interlude parent;

        @Spec
        private CommandSpec spec;

        @Mixin
        private ClientOptions client;

        @Option(names = "--json", description = "Print the node's answer as JSON.")
        private boolean json;

        @Override
        public Integer call() {
            NodeClient node = client.client(parent);
            JsonNode answer = node.post("api/v1/resume", null);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(answer));
            } else {
                out.println("dispatch resumed on " + node.base() + " by " + answer.path("by").asText());
            }
            return Interlude.OK;
        }
    }
}
