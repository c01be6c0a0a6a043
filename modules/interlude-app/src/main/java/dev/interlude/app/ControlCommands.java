package dev.interlude.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interlude.core.config.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The operator's emergency stop and its undoing, against a running node. */
final class ControlCommands {

    private ControlCommands() {
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop dispatch on the running node: nothing new starts until `interlude resume`.")
    static final class Stop extends OperatorCommand {

        @Option(names = "--reason", required = true, paramLabel = "TEXT",
                description = "Why (recorded in the journal and shown on the dashboard).")
        private String reason;

        @Option(names = "--cancel-running", description = "Also cancel the runs in flight.")
        private boolean cancelRunning;

        @Override
        JsonNode ask(NodeClient node) {
            if (reason.isBlank()) {
                throw new InvalidInputException("--reason", "expected a reason, got \"\"");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reason", reason);
            body.put("cancelRunning", cancelRunning);
            return node.post("api/v1/stop", body);
        }

        @Override
        String text(JsonNode answer, NodeClient node) {
            return "dispatch stopped on " + node.base() + " by " + answer.path("by").asText() + ": "
                    + answer.path("reason").asText()
                    + (answer.path("cancelRunning").asBoolean() ? " (runs in flight cancelled)" : "");
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume dispatch on the running node after a stop.")
    static final class Resume extends OperatorCommand {

        @Override
        JsonNode ask(NodeClient node) {
            return node.post("api/v1/resume", null);
        }

        @Override
        String text(JsonNode answer, NodeClient node) {
            return "dispatch resumed on " + node.base() + " by " + answer.path("by").asText();
        }
    }
}
