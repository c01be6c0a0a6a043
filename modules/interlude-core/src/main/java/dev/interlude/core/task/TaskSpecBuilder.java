package dev.interlude.core.task;

import dev.interlude.core.window.Phase;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link TaskSpec} in code, starting from the catalog's defaults: for simulations, benchmarks and tests
 * of user catalogs. The catalog file remains the way operators declare tasks.
 */
public final class TaskSpecBuilder {

    private final String name;
    private String description = "";
    private String category = "general";
    private Priority priority = Priority.MEDIUM;
    private Set<Phase> phases = EnumSet.allOf(Phase.class);
    private Trigger trigger = new Trigger.Manual();
    private final List<String> dependencies = new ArrayList<>();
    private final Set<String> conflicts = new LinkedHashSet<>();
    private int memoryMb = 256;
    private Duration estimatedDuration = Duration.ofMinutes(10);
    private Duration timeout = Duration.ofMinutes(30);
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Risk risk = Risk.LOW;
    private double confidence = 1.0;
    private boolean requiresApproval;
    private boolean extendable;
    private boolean opportunistic;
    private int maxConcurrentRuns = 1;
    private HandlerSpec handler = new HandlerSpec.Simulated(Optional.empty(), 0.0);
    private final List<Branch> branches = new ArrayList<>();
    private boolean enabled = true;
    private Optional<LocalTime> deadline = Optional.empty();

    private TaskSpecBuilder(String name) {
        this.name = name;
    }

    public static TaskSpecBuilder task(String name) {
        return new TaskSpecBuilder(name);
    }

    public TaskSpecBuilder description(String value) { description = value; return this; }

    public TaskSpecBuilder category(String value) { category = value; return this; }

    public TaskSpecBuilder priority(Priority value) { priority = value; return this; }

    public TaskSpecBuilder phases(Phase first, Phase... rest) { phases = EnumSet.of(first, rest); return this; }

    public TaskSpecBuilder phases(Set<Phase> value) { phases = EnumSet.copyOf(value); return this; }

    public TaskSpecBuilder trigger(Trigger value) { trigger = value; return this; }

    public TaskSpecBuilder dependsOn(String... tasks) { dependencies.addAll(List.of(tasks)); return this; }

    public TaskSpecBuilder conflictsWith(String... tasks) { conflicts.addAll(List.of(tasks)); return this; }

    public TaskSpecBuilder memoryMb(int value) { memoryMb = value; return this; }

    public TaskSpecBuilder estimate(Duration value) { estimatedDuration = value; return this; }

    public TaskSpecBuilder timeout(Duration value) { timeout = value; return this; }

    public TaskSpecBuilder retry(RetryPolicy value) { retry = value; return this; }

    public TaskSpecBuilder risk(Risk value) { risk = value; return this; }

    public TaskSpecBuilder confidence(double value) { confidence = value; return this; }

    public TaskSpecBuilder requiresApproval(boolean value) { requiresApproval = value; return this; }

    public TaskSpecBuilder extendable(boolean value) { extendable = value; return this; }

    public TaskSpecBuilder opportunistic(boolean value) { opportunistic = value; return this; }

    public TaskSpecBuilder maxConcurrentRuns(int value) { maxConcurrentRuns = value; return this; }

    public TaskSpecBuilder handler(HandlerSpec value) { handler = value; return this; }

    public TaskSpecBuilder branch(Branch value) { branches.add(value); return this; }

    public TaskSpecBuilder enabled(boolean value) { enabled = value; return this; }

    public TaskSpecBuilder deadline(LocalTime value) { deadline = Optional.of(value); return this; }

    public TaskSpec build() {
        return new TaskSpec(name, description, category, priority, phases, trigger, dependencies, conflicts, memoryMb,
                estimatedDuration, timeout, retry, risk, confidence, requiresApproval, extendable, opportunistic,
                maxConcurrentRuns, handler, branches, enabled, deadline);
    }
}
