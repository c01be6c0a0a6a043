package dev.interlude.core.calendar;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import dev.interlude.core.config.Problem;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed values from one block of a configuration, recording a {@link Problem} named by the value's full path
 * for each one that is missing or malformed instead of failing at the first.
 */
final class ConfigReader {

    private final Config config;
    private final String prefix;
    private final List<Problem> problems;

    ConfigReader(Config config, String prefix, List<Problem> problems) {
        this.config = config;
        this.prefix = prefix;
        this.problems = problems;
    }

    String path(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    void problem(String key, String message) {
        problems.add(new Problem(path(key), message));
    }

    int problemCount() {
        return problems.size();
    }

    /** The value at {@code key} as written, quoted when it is a string, for a problem's message. */
    String rawString(String key) {
        var value = config.getValue(key);
        return value.valueType() == ConfigValueType.STRING ? "\"" + value.unwrapped() + "\"" : value.render();
    }

    boolean has(String key) {
        return config.hasPath(key);
    }

    Optional<ConfigReader> block(String key) {
        return read(key, "an object", config::getConfig).map(c -> new ConfigReader(c, path(key), problems));
    }

    List<ConfigReader> blocks(String key) {
        List<ConfigReader> readers = new ArrayList<>();
        read(key, "a list of objects", config::getConfigList).ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                readers.add(new ConfigReader(list.get(i), path(key) + "[" + i + "]", problems));
            }
        });
        return readers;
    }

    Optional<String> string(String key) {
        return read(key, "a string", config::getString);
    }

    List<String> strings(String key) {
        return read(key, "a list of strings", config::getStringList).orElse(List.of());
    }

    Optional<Boolean> bool(String key) {
        return read(key, "true or false", config::getBoolean);
    }

    Optional<Integer> integer(String key) {
        return read(key, "a whole number", config::getInt);
    }

    Optional<Duration> duration(String key) {
        return read(key, "a duration like 90m or 2h", config::getDuration);
    }

    Optional<LocalDate> date(String key) {
        return parsed(key, "an ISO date like 2026-12-24", LocalDate::parse);
    }

    Optional<LocalTime> time(String key) {
        return parsed(key, "a time like 09:30", LocalTime::parse);
    }

    private <T> Optional<T> parsed(String key, String expected, Function<String, T> parser) {
        return string(key).flatMap(text -> {
            try {
                return Optional.of(parser.apply(text));
            } catch (DateTimeParseException e) {
                problem(key, "expected " + expected + ", got \"" + text + "\"");
                return Optional.empty();
            }
        });
    }

    private <T> Optional<T> read(String key, String expected, Function<String, T> getter) {
        if (!config.hasPathOrNull(key) || config.getIsNull(key)) {
            problem(key, "is required (" + expected + ")");
            return Optional.empty();
        }
        try {
            return Optional.of(getter.apply(key));
        } catch (ConfigException e) {
            problem(key, "expected " + expected + ", got " + rawString(key));
            return Optional.empty();
        }
    }
}
