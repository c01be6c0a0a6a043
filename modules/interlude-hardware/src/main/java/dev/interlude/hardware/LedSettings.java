package dev.interlude.hardware;

import com.typesafe.config.Config;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.config.SettingsReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The LED board's settings ({@code interlude.hardware}), checked as they are read: every problem is named by its path.
 *
 * @param driver     which device shows the board
 * @param sysfsBase  where the LED-class devices are, for the {@code sysfs} driver
 * @param channels   the board's channels, in declaration order
 * @param map        what each channel shows for a status
 * @param alertFor   how long the alert shows after a run fails its last attempt
 * @param finalState what every channel shows once the node stops
 * @param minBackoff the first delay before a failing device is tried again
 * @param maxBackoff the longest delay between tries
 * @param verifyEvery how often the LEDs are read back, and written again if they no longer show what they should
 *                    (a board unplugged and plugged in again comes back blank)
 */
public record LedSettings(Driver driver, Path sysfsBase, List<Channel> channels, BoardMap map, Duration alertFor,
                          LedPattern finalState, Duration minBackoff, Duration maxBackoff, Duration verifyEvery) {

    /** The devices that can show the board. */
    public enum Driver {
        NONE, CONSOLE, SYSFS;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** sysfs brightness is clamped to the LED's max_brightness anyway; beyond 16 bits is a typo. */
    static final int MAX_BRIGHTNESS = 65_535;
    /** An alert flashes for seconds, not for the rest of the day. */
    static final Duration MAX_ALERT = Duration.ofMinutes(1);
    static final Duration MAX_RESTART_BACKOFF = Duration.ofHours(1);
    /** Reading the LEDs back more often than this only keeps the device busy. */
    static final Duration MIN_VERIFY_EVERY = Duration.ofMillis(100);
    static final Duration MAX_VERIFY_EVERY = Duration.ofHours(1);
    private static final SettingsReader<LedSettings> READER = LedSettings::read;
    private static final Set<String> KEYS = Set.of("device", "sysfs", "channels", "map", "alert", "final-state",
            "restart", "verify-every");
    private static final List<String> PATTERNS = Arrays.stream(LedPattern.values()).map(LedPattern::id).toList();

    public LedSettings {
        channels = List.copyOf(channels);
    }

    /**
     * Reads {@code interlude.hardware} from {@code root} (with the reference defaults as its fallback).
     *
     * @throws InvalidInputException with every problem, by path
     */
    public static LedSettings load(Config root) {
        return READER.load(root);
    }

    /** The problems of {@code interlude.hardware} in {@code root}, by path; empty if it is fine. */
    public static List<Problem> problems(Config root) {
        return READER.problems(root);
    }

    /** The same settings with another driver (and base path), as {@code interlude leds test --device} asks. */
    public LedSettings withDevice(Driver newDriver, Path newBase) {
        return new LedSettings(newDriver, newBase, channels, map, alertFor, finalState, minBackoff, maxBackoff,
                verifyEvery);
    }

    /** The device these settings name. */
    public LedDevice device() {
        return switch (driver) {
            case NONE -> LedDevice.NONE;
            case CONSOLE -> new ConsoleLeds();
            case SYSFS -> new SysfsLeds(sysfsBase);
        };
    }

    private static LedSettings read(Config root, List<Problem> problems) {
        Optional<ConfigSection> section = new ConfigSection(root.root(), "", problems).requiredSection("interlude")
                .flatMap(i -> i.requiredSection("hardware"));
        if (section.isEmpty()) {
            return null;
        }
        ConfigSection c = section.get();
        c.allowOnly(KEYS);
        c.require("device", "final-state");
        Optional<Driver> driver = c.oneOf("device", "LED device",
                        Arrays.stream(Driver.values()).map(Driver::id).toList())
                .map(d -> Driver.valueOf(d.toUpperCase(Locale.ROOT)));
        Optional<String> base = c.requiredSection("sysfs").flatMap(s -> s.nonBlankString("base"));
        Optional<ConfigSection> channelSection = c.requiredSection("channels");
        List<Channel> channels = channelSection.map(LedSettings::channels).orElse(List.of());
        // every declared channel, even one with a bad value: the map naming it is not wrong too
        List<String> names = channelSection.map(ConfigSection::keysInDeclarationOrder).orElse(List.of());
        Optional<LedPattern> finalState = pattern(c, "final-state");
        Optional<ConfigSection> alert = c.requiredSection("alert");
        Optional<String> alertChannel = alert.flatMap(a -> channelName(a, "channel", names));
        Optional<LedPattern> alertPattern = alert.flatMap(a -> pattern(a, "pattern"));
        Optional<Duration> alertFor = alert.flatMap(a -> a.positiveDuration("duration", MAX_ALERT));
        Optional<ConfigSection> restart = c.requiredSection("restart");
        Optional<Duration> minBackoff = restart.flatMap(r -> r.positiveDuration("min-backoff", MAX_RESTART_BACKOFF));
        Optional<Duration> maxBackoff = restart.flatMap(r -> r.ensure("max-backoff",
                r.positiveDuration("max-backoff", MAX_RESTART_BACKOFF),
                d -> minBackoff.map(min -> d.compareTo(min) >= 0).orElse(true),
                d -> "must not be shorter than min-backoff, got " + d));
        Optional<Duration> verifyEvery = c.duration("verify-every", MIN_VERIFY_EVERY, MAX_VERIFY_EVERY);
        Optional<ConfigSection> map = c.requiredSection("map");
        Map<String, Map<String, LedPattern>> modes = map.flatMap(m -> m.section("mode"))
                .map(m -> layers(m, names)).orElse(Map.of());
        Map<String, Map<String, LedPattern>> health = map.flatMap(m -> m.section("health"))
                .map(h -> layers(h, names)).orElse(Map.of());
        Map<String, LedPattern> stopped = map.flatMap(m -> m.section("stopped"))
                .map(s -> layer(s, names)).orElse(Map.of());
        map.ifPresent(m -> m.allowOnly(Set.of("mode", "health", "stopped")));
        if (driver.isEmpty() || base.isEmpty() || finalState.isEmpty() || alertChannel.isEmpty()
                || alertPattern.isEmpty() || alertFor.isEmpty() || minBackoff.isEmpty() || maxBackoff.isEmpty()
                || verifyEvery.isEmpty() || !problems.isEmpty()) {
            return null;
        }
        BoardMap board = new BoardMap(names, modes, health, stopped, alertChannel.get(), alertPattern.get());
        return new LedSettings(driver.get(), Path.of(base.get()), channels, board, alertFor.get(), finalState.get(),
                minBackoff.get(), maxBackoff.get(), verifyEvery.get());
    }

    private static List<Channel> channels(ConfigSection section) {
        List<Channel> channels = new ArrayList<>();
        for (String name : section.keysInDeclarationOrder()) {
            section.section(name).ifPresent(ch -> {
                ch.allowOnly(Set.of("led", "brightness"));
                ch.require("led", "brightness");
                Optional<String> led = ch.ensure("led", ch.nonBlankString("led"),
                        l -> !l.contains("/") && !l.equals("..") && !l.equals("."),
                        l -> "expected an LED's name (a directory under the sysfs base), got \"" + l + "\"");
                Optional<Integer> brightness = ch.wholeNumber("brightness", "a brightness", 1, MAX_BRIGHTNESS);
                if (led.isPresent() && brightness.isPresent()) {
                    channels.add(new Channel(name, led.get(), brightness.get()));
                }
            });
        }
        if (channels.isEmpty()) {
            section.problemHere("the board needs at least one channel");
        }
        return channels;
    }

    private static Map<String, Map<String, LedPattern>> layers(ConfigSection section, List<String> channels) {
        Map<String, Map<String, LedPattern>> layers = new LinkedHashMap<>();
        for (String key : section.keys()) {
            section.section(key).ifPresent(l -> layers.put(key.toLowerCase(Locale.ROOT), layer(l, channels)));
        }
        return layers;
    }

    private static Map<String, LedPattern> layer(ConfigSection section, List<String> channels) {
        Map<String, LedPattern> layer = new LinkedHashMap<>();
        for (String channel : section.keys()) {
            if (!channels.contains(channel)) {
                section.problem(channel, "unknown channel \"" + channel + "\", expected one of "
                        + String.join(", ", channels));
            } else {
                pattern(section, channel).ifPresent(p -> layer.put(channel, p));
            }
        }
        return layer;
    }

    private static Optional<String> channelName(ConfigSection section, String key, List<String> channels) {
        return section.require(key) ? section.oneOf(key, "channel", channels) : Optional.empty();
    }

    private static Optional<LedPattern> pattern(ConfigSection section, String key) {
        return section.oneOf(key, "LED pattern", PATTERNS).flatMap(LedPattern::ofId);
    }
}
