package dev.interlude.core.task;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A conditional follow-up: when a run ends with {@code on} (and, for the result conditions, its result equals or
 * contains {@code value}), request a run of {@code task} with {@code parameters}.
 */
public record Branch(Condition on, Optional<String> value, String task, Map<String, String> parameters) {

    public enum Condition {
        SUCCESS("success"), FAILURE("failure"), RESULT_EQUALS("result-equals"), RESULT_CONTAINS("result-contains");

        private final String id;

        Condition(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Optional<Condition> fromId(String id) {
            for (Condition c : values()) {
                if (c.id.equals(id)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    public Branch {
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(task, "task");
        parameters = Map.copyOf(parameters);
    }

    /** Whether this branch fires for a run that {@code succeeded} with {@code result} (may be empty). */
    public boolean matches(boolean succeeded, String result) {
        String r = result == null ? "" : result;
        return switch (on) {
            case SUCCESS -> succeeded;
            case FAILURE -> !succeeded;
            case RESULT_EQUALS -> succeeded && r.equals(value.orElse(""));
            case RESULT_CONTAINS -> succeeded && r.contains(value.orElse(""));
        };
    }
}
