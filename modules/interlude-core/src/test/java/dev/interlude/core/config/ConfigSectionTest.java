package dev.interlude.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ConfigSectionTest {

    /** What reading {@code key} of {@code hocon} answers, and the problems it recorded. */
    private record Read<T>(Optional<T> value, List<String> problems) {
    }

    private static <T> Read<T> read(String hocon, Function<ConfigSection, Optional<T>> reader) {
        List<Problem> problems = new ArrayList<>();
        ConfigSection section = new ConfigSection(ConfigFactory.parseString(hocon).root(), "s", problems);
        Optional<T> value = reader.apply(section);
        return new Read<>(value, problems.stream().map(Problem::toString).toList());
    }

    @Test
    void a_duration_hocon_would_cut_to_292_years_is_refused_even_without_a_bound() {
        Read<Duration> r = read("k = 99999999999d", s -> s.duration("k"));
        assertEquals(List.of("s.k: too long for a duration (at most about 292 years), got 99999999999d"), r.problems());
        assertEquals(Optional.empty(), r.value());
        assertEquals(List.of("s.k: too long for a duration (at most about 292 years), got -1e300h"),
                read("k = -1e300h", s -> s.duration("k")).problems());
    }

    @Test
    void a_duration_names_its_bounds_in_hocon_units() {
        Duration day = Duration.ofDays(1);
        assertEquals(List.of("s.k: must be at most 1d, got 25h"),
                read("k = 25h", s -> s.positiveDuration("k", day)).problems());
        assertEquals(List.of("s.k: must be at least 250ms, got 0.1s"),
                read("k = 0.1s", s -> s.duration("k", Duration.ofMillis(250), day)).problems());
        assertEquals(List.of("s.k: must not be negative, got -1m"),
                read("k = -1m", s -> s.duration("k", Duration.ZERO, day)).problems());
        assertEquals(Optional.of(day), read("k = 24h", s -> s.positiveDuration("k", day)).value());
    }

    @Test
    void a_whole_number_from_an_environment_variable_is_bounded_too() {
        assertEquals(List.of("s.k: must be at most 65535, got 99999999999"),
                read("k = \"99999999999\"", s -> s.wholeNumber("k", "a port number", 0, 65535)).problems());
        assertEquals(Optional.of(8080), read("k = \"8080\"", s -> s.wholeNumber("k", "a port number", 0, 65535))
                .value());
    }

    @Test
    void a_size_names_its_bounds_in_binary_units() {
        int max = 16 * 1024 * 1024;
        assertEquals(List.of("s.k: must be at most 16MiB, got 1GiB"),
                read("k = 1GiB", s -> s.byteSize("k", 1, max)).problems());
        assertEquals(List.of("s.k: must be at most 16MiB, got 99999999999999999999KiB"),
                read("k = 99999999999999999999KiB", s -> s.byteSize("k", 1, max)).problems());
        assertEquals(List.of("s.k: must be at least 1 byte, got 0"),
                read("k = 0", s -> s.byteSize("k", 1, max)).problems());
        assertEquals(Optional.of(65536), read("k = 64KiB", s -> s.byteSize("k", 1, max)).value());
    }
}
