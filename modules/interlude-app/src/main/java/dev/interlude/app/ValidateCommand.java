package dev.interlude.app;

import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.task.Priority;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.engine.handler.HandlerRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code interlude validate}: check the node configuration and the task catalog, listing every problem, including
 * Java handlers the catalog names that are not registered (what {@code interlude run} would refuse).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the configuration and the task catalog. Prints a summary, or every problem with its "
                + "path (exit 2).")
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    private Interlude parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--tasks", paramLabel = "FILE", description = "Task catalog (default: interlude.tasks-file).")
    private Path tasks;

    @Override
    public Integer call() {
        Setup setup = parent.setup();
        TaskCatalog catalog = setup.checkAll(tasks);
        List<Problem> handlers = HandlerRegistry.fromServiceLoader().validate(catalog);
        if (!handlers.isEmpty()) {
            throw new InvalidInputException(handlers);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %d task(s), no problems%n", setup.tasksFile(tasks), catalog.size());
        Map<Priority, Long> byPriority = new EnumMap<>(Priority.class);
        byPriority.putAll(catalog.tasks().stream().collect(Collectors.groupingBy(TaskSpec::priority,
                Collectors.counting())));
        out.println("  by priority: " + byPriority.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        Map<String, Long> byCategory = new TreeMap<>(catalog.tasks().stream()
                .collect(Collectors.groupingBy(TaskSpec::category, Collectors.counting())));
        out.println("  by category: " + byCategory.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        long disabled = catalog.tasks().stream().filter(t -> !t.enabled()).count();
        long approval = catalog.tasks().stream().filter(TaskSpec::requiresApproval).count();
        out.printf("  %d disabled, %d requiring approval, calendar %s%n", disabled, approval,
                setup.calendar().calendar().id());
        return Interlude.OK;
    }
}
