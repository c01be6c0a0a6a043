package dev.interlude.core.task;

import dev.interlude.core.window.Phase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The catalog as numbers, for the planner's hot path: every task has an index (its declaration order), its
 * dependencies and conflicts are index arrays (conflicts mutual, whichever side declared them), and its category
 * has an index too. Built once per catalog; immutable.
 */
public final class TaskGraph {

    private final TaskSpec[] specs;
    private final String[] names;
    private final boolean[] enabled;
    /** Bit {@code p} is set when the task may start in the phase of ordinal {@code p}. */
    private final int[] phaseMasks;
    private final Map<String, Integer> indexes;
    /** Task i's dependencies are {@code dependencyTargets[dependencyStart[i] .. dependencyStart[i + 1])}. */
    private final int[] dependencyStart;
    private final int[] dependencyTargets;
    /** Task i's conflicts, by name, are {@code conflictTargets[conflictStart[i] .. conflictStart[i + 1])}. */
    private final int[] conflictStart;
    private final int[] conflictTargets;
    private final int[] categoryOf;
    private final String[] categories;
    private final String[] phaseNames;
    private final int[] nameRank;

    TaskGraph(List<TaskSpec> tasks) {
        int n = tasks.size();
        specs = tasks.toArray(new TaskSpec[0]);
        names = new String[n];
        enabled = new boolean[n];
        phaseMasks = new int[n];
        indexes = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            names[i] = specs[i].name();
            enabled[i] = specs[i].enabled();
            for (Phase phase : specs[i].phases()) {
                phaseMasks[i] |= 1 << phase.ordinal();
            }
            indexes.put(names[i], i);
        }
        int[][] dependencies = new int[n][];
        List<List<Integer>> mutual = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            mutual.add(new ArrayList<>());
        }
        Map<String, Integer> categoryIndexes = new HashMap<>();
        Map<String, String> distinctPhaseNames = new HashMap<>();
        List<String> categoryNames = new ArrayList<>();
        categoryOf = new int[n];
        phaseNames = new String[n];
        for (int i = 0; i < n; i++) {
            TaskSpec spec = specs[i];
            dependencies[i] = spec.dependencies().stream().mapToInt(this::indexOrMissing).toArray();
            for (String other : spec.conflicts()) {
                int j = indexOrMissing(other);
                if (j >= 0 && j != i) {
                    mutual.get(i).add(j);
                    mutual.get(j).add(i);
                }
            }
            categoryOf[i] = categoryIndexes.computeIfAbsent(spec.category(), c -> {
                categoryNames.add(c);
                return categoryNames.size() - 1;
            });
            String names = spec.phases().stream().sorted().map(Enum::name).collect(Collectors.joining(", "));
            phaseNames[i] = distinctPhaseNames.computeIfAbsent(names, k -> k);
        }
        int[][] conflicts = new int[n][];
        for (int i = 0; i < n; i++) {
            // Sorted by name, so "conflicts with X" always names the same task.
            conflicts[i] = mutual.get(i).stream().distinct()
                    .sorted((a, b) -> specs[a].name().compareTo(specs[b].name()))
                    .mapToInt(Integer::intValue).toArray();
        }
        dependencyStart = new int[n + 1];
        dependencyTargets = flatten(dependencies, dependencyStart);
        conflictStart = new int[n + 1];
        conflictTargets = flatten(conflicts, conflictStart);
        categories = categoryNames.toArray(new String[0]);
        nameRank = new int[n];
        Integer[] byName = new Integer[n];
        for (int i = 0; i < n; i++) {
            byName[i] = i;
        }
        Arrays.sort(byName, (a, b) -> specs[a].name().compareTo(specs[b].name()));
        for (int r = 0; r < n; r++) {
            nameRank[byName[r]] = r;
        }
    }

    /** One array of every row's items, row after row; {@code start[i]} is where row i begins. */
    private static int[] flatten(int[][] rows, int[] start) {
        int total = 0;
        for (int i = 0; i < rows.length; i++) {
            start[i] = total;
            total += rows[i].length;
        }
        start[rows.length] = total;
        int[] items = new int[total];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, items, start[i], rows[i].length);
        }
        return items;
    }

    private int indexOrMissing(String name) {
        Integer i = indexes.get(name);
        return i == null ? -1 : i;
    }

    public int size() {
        return specs.length;
    }

    public TaskSpec spec(int index) {
        return specs[index];
    }

    /** The task's name, without reaching into its spec. */
    public String name(int index) {
        return names[index];
    }

    /** Whether the task is enabled in the catalog. */
    public boolean enabled(int index) {
        return enabled[index];
    }

    /** Whether the task may start in {@code phase}: {@link TaskSpec#allowedIn(Phase)}, from an array. */
    public boolean allowedIn(int index, Phase phase) {
        return (phaseMasks[index] & (1 << phase.ordinal())) != 0;
    }

    /** The task's index, or -1 if the catalog has no such task. */
    public int indexOf(String name) {
        return indexOrMissing(name);
    }

    /** Indexes of the task's dependencies; -1 for a dependency the catalog does not have. */
    public int[] dependencies(int index) {
        return Arrays.copyOfRange(dependencyTargets, dependencyStart[index], dependencyStart[index + 1]);
    }

    /** The number of dependencies of the task, and the index of the k-th, without copying. */
    public int dependencyCount(int index) {
        return dependencyStart[index + 1] - dependencyStart[index];
    }

    public int dependency(int index, int k) {
        return dependencyTargets[dependencyStart[index] + k];
    }

    /** The number of tasks the task conflicts with (either side declaring it), and the k-th by name. */
    public int conflictCount(int index) {
        return conflictStart[index + 1] - conflictStart[index];
    }

    public int conflict(int index, int k) {
        return conflictTargets[conflictStart[index] + k];
    }

    public int categoryCount() {
        return categories.length;
    }

    public int categoryOf(int index) {
        return categoryOf[index];
    }

    public String category(int categoryIndex) {
        return categories[categoryIndex];
    }

    /** The category's index, or -1 if no task has it. */
    public int categoryIndex(String category) {
        return Arrays.asList(categories).indexOf(category);
    }

    /** The task's position among all task names in alphabetical order: a cheap tie-breaker. */
    public int nameRank(int index) {
        return nameRank[index];
    }

    /** The task's allowed phases, sorted, comma-separated: for operators' messages. */
    public String phaseNames(int index) {
        return phaseNames[index];
    }
}
