package dev.interlude.http;

import com.typesafe.config.Config;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.config.SettingsReader;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the task catalog routes may change ({@code interlude.http.tasks}).
 *
 * @param allowCommandHandlers whether a task defined over the API may run a command (a subprocess on the node); off
 *                             by default: the API then defines java, http and simulated tasks only
 */
public record TaskApiSettings(boolean allowCommandHandlers) {

    private static final SettingsReader<TaskApiSettings> READER = TaskApiSettings::read;

    private static final Set<String> KEYS = Set.of("allow-command-handlers");

    /**
     * Reads {@code interlude.http.tasks} from {@code root} (the reference defaults as its fallback).
     *
     * @throws InvalidInputException with every problem, by path
     */
    public static TaskApiSettings create(Config root) {
        return READER.load(root);
    }

    private static TaskApiSettings read(Config root, List<Problem> problems) {
        return new ConfigSection(root.root(), "", problems).requiredSection("interlude")
                .flatMap(i -> i.requiredSection("http")).flatMap(TaskApiSettings::read).orElse(null);
    }

    /** Reads the {@code tasks} block of {@code http}, recording its problems there; empty if it has any. */
    static Optional<TaskApiSettings> read(ConfigSection http) {
        return http.requiredSection("tasks").flatMap(tasks -> {
            tasks.allowOnly(KEYS);
            tasks.require("allow-command-handlers");
            return tasks.bool("allow-command-handlers").map(TaskApiSettings::new);
        });
    }
}
