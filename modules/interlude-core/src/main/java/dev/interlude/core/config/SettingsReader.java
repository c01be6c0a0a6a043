package dev.interlude.core.config;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one block of settings, recording each problem instead of throwing at the first: {@link #load} answers the
 * settings or throws every problem at once, {@link #problems} lists them (for {@code interlude validate}).
 *
 * @param <T> the settings read
 */
@FunctionalInterface
public interface SettingsReader<T> {

    /** The settings in {@code root}, recording what is wrong with them in {@code problems}. */
    T read(Config root, List<Problem> problems);

    /**
     * The settings in {@code root}.
     *
     * @throws InvalidInputException with every problem, sorted by path
     */
    default T load(Config root) {
        List<Problem> problems = new ArrayList<>();
        T settings = read(root, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.stream().sorted().distinct().toList());
        }
        return settings;
    }

    /** Every problem of the settings in {@code root}, sorted by path; empty if they are fine. */
    default List<Problem> problems(Config root) {
        List<Problem> problems = new ArrayList<>();
        read(root, problems);
        return problems.stream().sorted().distinct().toList();
    }
}
