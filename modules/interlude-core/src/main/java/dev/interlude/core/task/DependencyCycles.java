package dev.interlude.core.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds cycles among dependencies by depth-first search. Each cycle is reported once, as the names along it starting
 * and ending with its alphabetically first task: {@code [a, b, a]}.
 */
final class DependencyCycles {

    private final Map<String, List<String>> edges;
    private final Set<String> finished = new HashSet<>();
    private final List<String> stack = new ArrayList<>();
    private final Set<List<String>> cycles = new LinkedHashSet<>();

    private DependencyCycles(Map<String, List<String>> edges) {
        this.edges = edges;
    }

    /** The cycles among the dependency references between distinct tasks. */
    static List<List<String>> find(List<Reference> references) {
        Map<String, List<String>> edges = new TreeMap<>();
        references.stream()
                .filter(r -> r.kind() == Reference.Kind.DEPENDENCY && !r.from().equals(r.to()))
                .forEach(r -> edges.computeIfAbsent(r.from(), k -> new ArrayList<>()).add(r.to()));
        DependencyCycles search = new DependencyCycles(edges);
        edges.keySet().forEach(search::visit);
        return new ArrayList<>(search.cycles);
    }

    private void visit(String task) {
        if (finished.contains(task)) {
            return;
        }
        int onStack = stack.indexOf(task);
        if (onStack >= 0) {
            cycles.add(normalized(stack.subList(onStack, stack.size())));
            return;
        }
        stack.add(task);
        edges.getOrDefault(task, List.of()).forEach(this::visit);
        stack.remove(stack.size() - 1);
        finished.add(task);
    }

    private static List<String> normalized(List<String> loop) {
        List<String> rotated = new ArrayList<>(loop);
        Collections.rotate(rotated, -rotated.indexOf(Collections.min(rotated)));
        rotated.add(rotated.get(0));
        return List.copyOf(rotated);
    }
}
