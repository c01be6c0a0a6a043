package dev.interlude.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a running node over its API: it finds the node ({@link ClientOptions}), and prints the
 * node's answer as text, or as JSON with {@code --json}.
 */
abstract class OperatorCommand implements Callable<Integer> {

    @ParentCommand
    Interlude parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions clientOptions;

    @Option(names = "--json", description = "Print the node's answer as JSON.")
    boolean json;

    /** Asks the node; returns its answer. */
    abstract JsonNode ask(NodeClient node);

    /** The answer as text for the operator. */
    abstract String text(JsonNode answer, NodeClient node);

    @Override
    public Integer call() {
        NodeClient node = clientOptions.client(parent);
        JsonNode answer = ask(node);
        print(answer, a -> text(a, node));
        return Interlude.OK;
    }

    void print(JsonNode answer, Function<JsonNode, String> text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.write(answer) : text.apply(answer));
    }
}
