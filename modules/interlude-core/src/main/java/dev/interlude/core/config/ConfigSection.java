package dev.interlude.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.interlude.core.Durations;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One HOCON object being read, with its path in the document. Reads typed values and, instead of throwing, records
 * a {@link Problem} for each value that is of the wrong type or out of range, so a loader can report every problem
 * at once. Every reader answers empty when the key is absent (or {@code null}) or its value is unusable; only the
 * latter records a problem: {@link #require} and {@link #requiredSection} report absent keys, {@link #allowOnly}
 * unknown ones. All sections of one document share one problem list.
 *
 * <p>Numbers and booleans may also be written as strings HOCON converts ({@code "8"}, {@code "yes"}), as values
 * substituted from environment variables are; durations must carry their unit.
 */
public final class ConfigSection {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    /** A number and a unit, as HOCON reads durations; the unit itself is checked by HOCON. */
    private static final Pattern DURATION =
            Pattern.compile("\\s*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?\\s*[A-Za-z]+\\s*");
    /** What HOCON answers for a duration too long for a long of nanoseconds. */
    private static final Duration SATURATED = Duration.ofNanos(Long.MAX_VALUE);
    private static final long KIB = 1024;
    private static final long MIB = 1024 * 1024;

    private final ConfigObject object;
    private final String path;
    private final List<Problem> problems;

    /** The object at {@code path} of a document ({@code ""} for its root), recording problems in {@code problems}. */
    public ConfigSection(ConfigObject object, String path, List<Problem> problems) {
        this.object = object;
        this.path = path;
        this.problems = problems;
    }

    /** The object as written, to merge it over defaults and read the result as a new section. */
    public ConfigObject object() {
        return object;
    }

    public String path() {
        return path;
    }

    /** The path of {@code key} below this section, quoting the key when it is not a plain word. */
    public String path(String key) {
        String segment = PLAIN_KEY.matcher(key).matches() ? key : ConfigUtil.quoteString(key);
        return path.isEmpty() ? segment : path + "." + segment;
    }

    /** The keys of this object, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(object.keySet());
    }

    /**
     * The keys in the order they were written (by line in the document, then by name): HOCON objects do not keep
     * their order themselves.
     */
    public List<String> keysInDeclarationOrder() {
        return object.keySet().stream()
                .sorted(Comparator.comparingInt((String k) -> object.get(k).origin().lineNumber())
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** Whether {@code key} is present with a value other than {@code null}. */
    public boolean has(String key) {
        ConfigValue value = object.get(key);
        return value != null && value.valueType() != ConfigValueType.NULL;
    }

    /** Records a problem with the value at {@code key}. */
    public void problem(String key, String message) {
        problems.add(new Problem(path(key), message));
    }

    /** Records a problem with this section as a whole. */
    public void problemHere(String message) {
        problems.add(new Problem(path, message));
    }

    /** Records each key that is not in {@code allowed}, with the closest allowed key as a suggestion. */
    public void allowOnly(Set<String> allowed) {
        for (String key : keys()) {
            if (!allowed.contains(key)) {
                problem(key, "unknown key \"" + key + "\"" + DidYouMean.suffix(key, allowed));
            }
        }
    }

    /** Records each of {@code keys} that is absent; true if all are present. */
    public boolean require(String... keys) {
        boolean all = true;
        for (String key : keys) {
            if (!has(key)) {
                problem(key, "missing required key");
                all = false;
            }
        }
        return all;
    }

    public Optional<ConfigSection> section(String key) {
        return value(key, "an object", ConfigValueType.OBJECT)
                .map(v -> new ConfigSection((ConfigObject) v, path(key), problems));
    }

    /** The object at {@code key}, recording a problem if it is absent as well as if it is not an object. */
    public Optional<ConfigSection> requiredSection(String key) {
        return require(key) ? section(key) : Optional.empty();
    }

    /** A list of objects, each a section with its index in the path: {@code branches[0]}. */
    public Optional<List<ConfigSection>> sections(String key) {
        return list(key, "a list of objects").map(items -> {
            List<ConfigSection> sections = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                ConfigValue item = items.get(i);
                String itemPath = path(key) + "[" + i + "]";
                if (item.valueType() == ConfigValueType.OBJECT) {
                    sections.add(new ConfigSection((ConfigObject) item, itemPath, problems));
                } else {
                    problems.add(new Problem(itemPath, "expected an object, got " + describe(item)));
                }
            }
            return sections;
        });
    }

    public Optional<String> string(String key) {
        return value(key, "a string", ConfigValueType.STRING).map(v -> (String) v.unwrapped());
    }

    public Optional<String> nonBlankString(String key) {
        return ensure(key, string(key), s -> !s.isBlank(), s -> "must not be blank");
    }

    /** A list of strings; each element that is not a string is a problem at its index (and the list unusable). */
    public Optional<List<String>> strings(String key) {
        return strings(key, "a list of strings", "a string");
    }

    /**
     * A string meant to be one of {@code names}: a value that is not a string at all is "expected one of
     * {@code names}, got 5". Whether the string is one of them is the caller's to check ({@link #oneOf} does both).
     */
    public Optional<String> choice(String key, Collection<String> names) {
        return value(key, oneOfNames(names), ConfigValueType.STRING).map(v -> (String) v.unwrapped());
    }

    /**
     * A list of strings each meant to be one of {@code names}; {@code plural} names them ("phases"): a value that is
     * not a list is "expected a list of phases from ...", an element that is not a string "expected one of ...".
     */
    public Optional<List<String>> choices(String key, String plural, Collection<String> names) {
        return strings(key, "a list of " + plural + " from " + String.join(", ", names), oneOfNames(names));
    }

    /**
     * The strings of a list, or empty if one of its elements is not a string (a problem at its index): what the
     * caller reads keeps the indexes as written, for its own problems.
     */
    private Optional<List<String>> strings(String key, String whatList, String whatItem) {
        return list(key, whatList).flatMap(items -> {
            List<String> strings = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                ConfigValue item = items.get(i);
                if (item.valueType() == ConfigValueType.STRING) {
                    strings.add((String) item.unwrapped());
                } else {
                    problems.add(new Problem(path(key) + "[" + i + "]", "expected " + whatItem + ", got "
                            + describe(item)));
                }
            }
            return strings.size() == items.size() ? Optional.of(strings) : Optional.empty();
        });
    }

    /** An object of scalar values, read as text: {@code env { LANG = C, RETRIES = 3 }}. */
    public Optional<Map<String, String>> stringMap(String key) {
        return section(key).map(section -> {
            Map<String, String> map = new LinkedHashMap<>();
            for (String entry : section.keys()) {
                ConfigValue value = section.object.get(entry);
                if (isScalar(value)) {
                    map.put(entry, String.valueOf(value.unwrapped()));
                } else {
                    section.problem(entry, "expected a string, got " + describe(value));
                }
            }
            return map;
        });
    }

    /** A whole number; {@code what} completes "expected ...": "a whole number of megabytes". */
    public Optional<Integer> wholeNumber(String key, String what) {
        return converted(key, what, ConfigValueType.NUMBER, ConfigSection::isInt).map(n -> ((Number) n).intValue());
    }

    public Optional<Double> number(String key) {
        return converted(key, "a number", ConfigValueType.NUMBER, n -> Double.isFinite(((Number) n).doubleValue()))
                .map(n -> ((Number) n).doubleValue());
    }

    /** A finite number from {@code min} to {@code max}; NaN and infinities are not numbers here. */
    public Optional<Double> number(String key, double min, double max) {
        return number(key).flatMap(n -> within(key, n < min, n > max, plain(min), plain(max)) ? Optional.of(n)
                : Optional.empty());
    }

    /**
     * A whole number from {@code min} to {@code max}; {@code what} completes "expected ...". A number too large for
     * an int (or a long: {@code 99999999999999999999}, {@code 1e300}) is out of range, not "not a number".
     */
    public Optional<Integer> wholeNumber(String key, String what, int min, int max) {
        return converted(key, what, ConfigValueType.NUMBER, ConfigSection::isWhole).flatMap(value -> {
            Number n = (Number) value;
            boolean isLong = n instanceof Integer || n instanceof Long;
            boolean below = isLong ? n.longValue() < min : n.doubleValue() < min;
            boolean above = isLong ? n.longValue() > max : n.doubleValue() > max;
            return within(key, below, above, Integer.toString(min), Integer.toString(max))
                    ? Optional.of(n.intValue()) : Optional.empty();
        });
    }

    /** Records "must be at least/most" when {@code below} or {@code above}; true if neither. */
    private boolean within(String key, boolean below, boolean above, String min, String max) {
        if (below || above) {
            String low = min.equals("0") ? "must not be negative" : "must be at least " + min;
            problem(key, (below ? low : "must be at most " + max) + ", got " + written(object.get(key)));
        }
        return !below && !above;
    }

    /** A number from 0 to 1. */
    public Optional<Double> fraction(String key) {
        return ensure(key, number(key), d -> d >= 0.0 && d <= 1.0, d -> "must be between 0 and 1, got " + d);
    }

    public Optional<Boolean> bool(String key) {
        return converted(key, "true or false", ConfigValueType.BOOLEAN, b -> true).map(b -> (Boolean) b);
    }

    /**
     * A duration with its unit, as HOCON writes them: {@code 30s}, {@code 15m}, {@code 2h}; never a bare number (not
     * even a quoted one, which HOCON would read as milliseconds), never {@code NaN}, and never one too long for a
     * {@link Duration} of nanoseconds (HOCON would silently cut it to about 292 years).
     */
    public Optional<Duration> duration(String key) {
        return raw(key).flatMap(v -> parseDuration(key, v).flatMap(d -> {
            if (isSaturated(d)) {
                problem(key, "too long for a duration (at most about 292 years), got " + written(v));
                return Optional.empty();
            }
            return Optional.of(d);
        }));
    }

    /** A duration from {@code min} to {@code max}; {@code min} zero reads "must not be negative". */
    public Optional<Duration> duration(String key, Duration min, Duration max) {
        String low = min.isZero() ? "must not be negative" : "must be at least " + Durations.hocon(min);
        return durationWithin(key, d -> d.compareTo(min) >= 0, low, max);
    }

    /** A duration above zero and at most {@code max}. */
    public Optional<Duration> positiveDuration(String key, Duration max) {
        return durationWithin(key, d -> d.compareTo(Duration.ZERO) > 0, "must be positive", max);
    }

    private Optional<Duration> durationWithin(String key, Predicate<Duration> lowOk, String low, Duration max) {
        return raw(key).flatMap(v -> parseDuration(key, v).flatMap(d -> {
            String got = ", got " + written(v);
            if (!lowOk.test(d)) {
                problem(key, low + got);
                return Optional.empty();
            }
            if (d.compareTo(max) > 0 || isSaturated(d)) {
                problem(key, "must be at most " + Durations.hocon(max) + got);
                return Optional.empty();
            }
            return Optional.of(d);
        }));
    }

    /** The duration written at {@code key}, or a problem "expected a duration ..." (HOCON's cut included). */
    private Optional<Duration> parseDuration(String key, ConfigValue v) {
        if (v.valueType() == ConfigValueType.STRING && DURATION.matcher((String) v.unwrapped()).matches()) {
            try {
                return Optional.of(ConfigFactory.empty().withValue("d", v).getDuration("d"));
            } catch (ConfigException.BadValue e) {
                // falls through to the problem below
            }
        }
        problem(key, "expected a duration such as 30s, 15m or 2h, got " + describe(v));
        return Optional.empty();
    }

    /** Whether HOCON cut the duration to the longest (or most negative) long of nanoseconds. */
    private static boolean isSaturated(Duration d) {
        return d.equals(SATURATED) || d.equals(SATURATED.negated().minusNanos(1));
    }

    /**
     * A size in bytes, as HOCON reads them: a whole number ({@code 65536}) or with a unit ({@code 64KiB},
     * {@code 1MiB}); at most {@link Integer#MAX_VALUE}.
     */
    public Optional<Integer> byteSize(String key) {
        return raw(key).flatMap(v -> {
            try {
                long bytes = ConfigFactory.empty().withValue("b", v).getBytes("b");
                if (bytes >= 0 && bytes <= Integer.MAX_VALUE) {
                    return Optional.of((int) bytes);
                }
            } catch (ConfigException e) {
                // falls through to the problem below
            }
            problem(key, "expected a size in bytes such as 65536 or 64KiB, got " + describe(v));
            return Optional.empty();
        });
    }

    /** A size in bytes (see {@link #byteSize(String)}) from {@code min} to {@code max}. */
    public Optional<Integer> byteSize(String key, int min, int max) {
        return raw(key).flatMap(v -> {
            long bytes;
            try {
                bytes = ConfigFactory.empty().withValue("b", v).getBytes("b");
            } catch (ConfigException e) {
                boolean tooLarge = e.getMessage() != null && e.getMessage().contains("out of range");
                problem(key, tooLarge ? "must be at most " + bytes(max) + ", got " + written(v)
                        : "expected a size in bytes such as 65536 or 64KiB, got " + describe(v));
                return Optional.empty();
            }
            if (bytes < min || bytes > max) {
                problem(key, (bytes < min ? "must be at least " + bytes(min) : "must be at most " + bytes(max))
                        + ", got " + written(v));
                return Optional.empty();
            }
            return Optional.of((int) bytes);
        });
    }

    public Optional<Duration> positiveDuration(String key) {
        return ensure(key, duration(key), d -> !d.isZero() && !d.isNegative(), d -> "must be positive, got " + d);
    }

    /** A local time written {@code "HH:mm"} (quoted: a colon cannot appear in an unquoted HOCON string). */
    public Optional<LocalTime> time(String key) {
        return string(key).flatMap(s -> {
            try {
                return Optional.of(LocalTime.parse(s));
            } catch (DateTimeParseException e) {
                problem(key, "expected a local time such as \"18:30\", got \"" + s + "\"");
                return Optional.empty();
            }
        });
    }

    /** A local date written {@code "2026-12-24"}. */
    public Optional<LocalDate> date(String key) {
        return string(key).flatMap(s -> {
            try {
                return Optional.of(LocalDate.parse(s));
            } catch (DateTimeParseException e) {
                problem(key, "expected an ISO date like 2026-12-24, got \"" + s + "\"");
                return Optional.empty();
            }
        });
    }

    /** A time zone id such as {@code "America/New_York"}. */
    public Optional<ZoneId> zone(String key) {
        return string(key).flatMap(s -> {
            try {
                return Optional.of(ZoneId.of(s));
            } catch (DateTimeException e) {
                problem(key, "unknown time zone \"" + s + "\"");
                return Optional.empty();
            }
        });
    }

    /** One of {@code allowed}, exactly as written. {@code what} names the kind: "handler type". */
    public Optional<String> oneOf(String key, String what, Collection<String> allowed) {
        return choice(key, allowed).flatMap(s -> {
            if (allowed.contains(s)) {
                return Optional.of(s);
            }
            problem(key, "unknown " + what + " \"" + s + "\", expected " + oneOfNames(allowed));
            return Optional.empty();
        });
    }

    /** A constant of {@code type}, case-insensitive, with hyphens for underscores: {@code POST_MARKET}, {@code post-market}. */
    public <E extends Enum<E>> Optional<E> enumValue(String key, String what, Class<E> type) {
        return choice(key, constants(type)).flatMap(s -> parseEnum(s, type).or(() -> {
            problem(key, unknownConstant(what, s, type));
            return Optional.empty();
        }));
    }

    /** A list of constants of {@code type}; each unknown one, and each that is not a name, is a problem at its index. */
    public <E extends Enum<E>> Optional<List<E>> enumValues(String key, String what, Class<E> type) {
        List<String> names = constants(type);
        return list(key, "a list of " + what + "s from " + String.join(", ", names)).map(items -> {
            List<E> values = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                ConfigValue item = items.get(i);
                boolean isString = item.valueType() == ConfigValueType.STRING;
                Optional<E> value = isString ? parseEnum((String) item.unwrapped(), type) : Optional.empty();
                if (value.isPresent()) {
                    values.add(value.get());
                } else {
                    problems.add(new Problem(path(key) + "[" + i + "]", isString
                            ? unknownConstant(what, (String) item.unwrapped(), type)
                            : "expected " + oneOfNames(names) + ", got " + describe(item)));
                }
            }
            return values;
        });
    }

    /** Keeps {@code value} if it passes {@code ok}, else records {@code message} for it at {@code key}. */
    public <T> Optional<T> ensure(String key, Optional<T> value, Predicate<T> ok, Function<T, String> message) {
        if (value.isPresent() && !ok.test(value.get())) {
            problem(key, message.apply(value.get()));
            return Optional.empty();
        }
        return value;
    }

    private Optional<ConfigList> list(String key, String what) {
        return value(key, what, ConfigValueType.LIST).map(v -> (ConfigList) v);
    }

    private Optional<ConfigValue> value(String key, String what, ConfigValueType type) {
        return raw(key).flatMap(v -> {
            if (v.valueType() == type) {
                return Optional.of(v);
            }
            problem(key, "expected " + what + ", got " + describe(v));
            return Optional.empty();
        });
    }

    /**
     * The value at {@code key} unwrapped as {@code type}, converting a string as HOCON does ({@code "8"} to 8,
     * {@code "yes"} to true), if {@code ok} accepts it; else a problem "expected {@code what}, got ...".
     */
    private Optional<Object> converted(String key, String what, ConfigValueType type, Predicate<Object> ok) {
        return raw(key).flatMap(v -> {
            Optional<Object> value = convert(v, type).filter(ok);
            if (value.isEmpty()) {
                problem(key, "expected " + what + ", got " + describe(v));
            }
            return value;
        });
    }

    private static Optional<Object> convert(ConfigValue value, ConfigValueType type) {
        if (value.valueType() == type) {
            return Optional.of(value.unwrapped());
        }
        if (value.valueType() != ConfigValueType.STRING) {
            return Optional.empty();
        }
        Config holder = ConfigFactory.empty().withValue("v", value);
        try {
            return Optional.of(type == ConfigValueType.NUMBER ? holder.getNumber("v") : holder.getBoolean("v"));
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    private Optional<ConfigValue> raw(String key) {
        return has(key) ? Optional.of(object.get(key)) : Optional.empty();
    }

    private static <E extends Enum<E>> Optional<E> parseEnum(String text, Class<E> type) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(normalized)).findFirst();
    }

    private static <E extends Enum<E>> String unknownConstant(String what, String text, Class<E> type) {
        return "unknown " + what + " \"" + text + "\", expected " + oneOfNames(constants(type));
    }

    private static <E extends Enum<E>> List<String> constants(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }

    /** "one of a, b, c": what a name may be, as a message says it after "expected". */
    private static String oneOfNames(Collection<String> names) {
        return "one of " + String.join(", ", names);
    }

    /** An integer of any size: an int, a long, or a finite double without a fraction ({@code 1e300}). */
    private static boolean isWhole(Object number) {
        if (number instanceof Integer || number instanceof Long) {
            return true;
        }
        double d = ((Number) number).doubleValue();
        return Double.isFinite(d) && d == Math.rint(d);
    }

    /** A number as a message shows a bound: {@code 1}, {@code 0.5}, {@code 10}. */
    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** A size as a message shows a bound: {@code 16MiB}, {@code 64KiB}, {@code 1 byte}. */
    private static String bytes(long n) {
        if (n >= MIB && n % MIB == 0) {
            return n / MIB + "MiB";
        }
        if (n >= KIB && n % KIB == 0) {
            return n / KIB + "KiB";
        }
        return n == 1 ? "1 byte" : n + " bytes";
    }

    /** The value as the operator wrote it, for "got ...": {@code 99999999999d}, {@code 1e300}, {@code 0}. */
    private static String written(ConfigValue value) {
        return value.valueType() == ConfigValueType.STRING ? ((String) value.unwrapped()).trim()
                : value.render(ConfigRenderOptions.concise());
    }

    /** An int, or a long that fits one (HOCON converts the string "8" to a long). */
    private static boolean isInt(Object number) {
        return (number instanceof Integer || number instanceof Long)
                && ((Number) number).longValue() == ((Number) number).intValue();
    }

    private static boolean isScalar(ConfigValue value) {
        return switch (value.valueType()) {
            case STRING, NUMBER, BOOLEAN -> true;
            default -> false;
        };
    }

    /** How a value appears in a message: {@code "lots"}, {@code 12}, {@code a list}. */
    private static String describe(ConfigValue value) {
        return switch (value.valueType()) {
            case STRING -> "\"" + value.unwrapped() + "\"";
            case NUMBER, BOOLEAN -> String.valueOf(value.unwrapped());
            case LIST -> "a list";
            case OBJECT -> "an object";
            case NULL -> "null";
        };
    }
}
