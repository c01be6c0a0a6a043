package dev.interlude.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input that cannot be used, with every problem found in it. The CLI prints one line per problem and exits 2; the
 * node refuses to start; the API answers 400 with the list.
 */
public final class InvalidInputException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String path, String message) {
        this(List.of(new Problem(path, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
