package dev.interlude.core.calendar;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.window.WindowSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The calendar and window settings of a node, read from the {@code interlude.calendar} and {@code interlude.windows}
 * blocks (defaults in the core module's {@code reference.conf}).
 *
 * <p>{@code interlude.calendar.id} picks the built-in {@code XNYS} calendar or a {@code business} calendar described
 * by {@code interlude.calendar.business}; when {@code interlude.calendar.broker.enabled} is true the broker's
 * calendar answers first and the chosen calendar is its fallback; {@code interlude.calendar.overrides} apply last.
 * A configuration with mistakes is refused with every problem named by its path, including keys that no block reads
 * (with the closest known key as a suggestion).
 *
 * @param calendar the calendar to plan with, overrides applied
 * @param windows  where research windows start and end
 * @param broker   the broker source's settings (used only when enabled)
 */
public record CalendarConfig(TradingCalendar calendar, WindowSettings windows, BrokerSettings broker) {

    static final String BUSINESS_ID = "business";
    /** A broker that has not answered in this long is down; the fallback calendar answers. */
    static final Duration MAX_BROKER_TIMEOUT = Duration.ofMinutes(5);
    /** Research starts at most this long after the close and ends at most this long before the open. */
    static final Duration MAX_WINDOW_OFFSET = Duration.ofHours(12);

    private static final Set<String> CALENDAR_KEYS = Set.of("id", "overrides", BUSINESS_ID, "broker");
    private static final Set<String> BUSINESS_KEYS = Set.of("zone", "weekend", "pre-market", "open", "close",
            "after-hours-end", "early-close", "early-close-after-hours-end", "holidays", "early-closes");
    private static final Set<String> DATED_NAME_KEYS = Set.of("date", "name");
    private static final Set<String> OVERRIDE_KEYS = Set.of("date", "type", "reason", "close");
    private static final List<String> OVERRIDE_TYPES =
            Arrays.stream(CalendarOverride.Kind.values()).map(CalendarOverride.Kind::id).toList();
    private static final Set<String> BROKER_KEYS = Set.of("enabled", "url", "key-id", "secret", "timeout",
            "cache-days");
    private static final Set<String> WINDOWS_KEYS = Set.of("research-start-after-close", "research-end-before-open");

    /**
     * Reads the calendar and windows from {@code config}, falling back to the reference defaults.
     *
     * @throws InvalidInputException listing every problem found (unknown keys included), each with its path
     */
    public static CalendarConfig load(Config config) {
        Config resolved = config.withFallback(ConfigFactory.defaultReference()).resolve();
        List<Problem> problems = new ArrayList<>();
        Optional<ConfigSection> interlude = new ConfigSection(resolved.root(), "", problems)
                .requiredSection("interlude");
        Optional<ConfigSection> calendar = interlude.flatMap(i -> i.requiredSection("calendar"));
        calendar.ifPresent(c -> c.allowOnly(CALENDAR_KEYS));
        Optional<Base> base = calendar.flatMap(CalendarConfig::base);
        List<CalendarOverride> overrides = calendar
                .map(c -> overrides(c, base.map(Base::times).orElse(SessionTimes.XNYS))).orElse(List.of());
        Optional<BrokerSettings> broker = calendar.flatMap(c -> c.requiredSection("broker"))
                .flatMap(CalendarConfig::broker);
        Optional<WindowSettings> windows = interlude.flatMap(i -> i.requiredSection("windows"))
                .flatMap(CalendarConfig::windows);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.stream().sorted().distinct().toList());
        }
        TradingCalendar chosen = withBroker(base.orElseThrow(), broker.orElseThrow());
        return new CalendarConfig(new OverriddenCalendar(chosen, base.orElseThrow().times(), overrides),
                windows.orElseThrow(), broker.orElseThrow());
    }

    private static TradingCalendar withBroker(Base base, BrokerSettings broker) {
        return broker.enabled() ? BrokerCalendar.create(broker, base.calendar(), base.times()) : base.calendar();
    }

    private record Base(TradingCalendar calendar, SessionTimes times) {
    }

    /**
     * The calendar {@code id} names. The business block's keys are checked even when another calendar is chosen, so
     * a misspelt key is found before the node switches to it; the block is required only when it is chosen.
     */
    private static Optional<Base> base(ConfigSection calendar) {
        Optional<ConfigSection> business = calendar.section(BUSINESS_ID);
        business.ifPresent(b -> b.allowOnly(BUSINESS_KEYS));
        calendar.require("id");
        Optional<String> id = calendar.choice("id", List.of(XnysCalendar.ID, BUSINESS_ID));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (id.get().equals(XnysCalendar.ID)) {
            return Optional.of(new Base(new XnysCalendar(), SessionTimes.XNYS));
        }
        if (id.get().equals(BUSINESS_ID)) {
            calendar.require(BUSINESS_ID);
            return business.flatMap(CalendarConfig::business);
        }
        calendar.problem("id", "unknown calendar \"" + id.get() + "\"; expected \"" + XnysCalendar.ID + "\" or \""
                + BUSINESS_ID + "\"");
        return Optional.empty();
    }

    private static Optional<Base> business(ConfigSection business) {
        business.require("zone", "weekend", "holidays", "early-closes");
        Optional<ZoneId> zone = business.zone("zone");
        Set<DayOfWeek> weekend = EnumSet.noneOf(DayOfWeek.class);
        business.enumValues("weekend", "day", DayOfWeek.class).ifPresent(weekend::addAll);
        Optional<SessionTimes> times = sessionTimes(business);
        Map<LocalDate, String> holidays = datedNames(business, "holidays");
        Map<LocalDate, String> earlyCloses = datedNames(business, "early-closes");
        if (zone.isEmpty() || times.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Base(new BusinessCalendar(BUSINESS_ID, zone.get(), weekend, times.get(), holidays,
                earlyCloses), times.get()));
    }

    private static Optional<SessionTimes> sessionTimes(ConfigSection business) {
        business.require("pre-market", "open", "close", "after-hours-end", "early-close",
                "early-close-after-hours-end");
        Optional<LocalTime> preMarket = business.time("pre-market");
        Optional<LocalTime> open = business.time("open");
        Optional<LocalTime> close = business.time("close");
        Optional<LocalTime> afterHours = business.time("after-hours-end");
        Optional<LocalTime> early = business.time("early-close");
        Optional<LocalTime> earlyAfterHours = business.time("early-close-after-hours-end");
        if (preMarket.isEmpty() || open.isEmpty() || close.isEmpty() || afterHours.isEmpty() || early.isEmpty()
                || earlyAfterHours.isEmpty()) {
            return Optional.empty();
        }
        SessionTimes times = new SessionTimes(preMarket.get(), open.get(), close.get(), afterHours.get(),
                early.get(), earlyAfterHours.get());
        return inOrder(business, times) ? Optional.of(times) : Optional.empty();
    }

    /** Whether the session times are in order; every rule is checked (non-short-circuit {@code &}). */
    private static boolean inOrder(ConfigSection business, SessionTimes t) {
        return requireOrder(business, "open", t.preMarketOpen(), t.open(), "at or after pre-market", true)
                & requireOrder(business, "close", t.open(), t.close(), "after open", false)
                & requireOrder(business, "after-hours-end", t.close(), t.afterHoursEnd(), "at or after close", true)
                & requireOrder(business, "early-close", t.open(), t.earlyClose(), "after open", false)
                & requireOrder(business, "early-close", t.earlyClose(), t.close(), "at or before close", true)
                & requireOrder(business, "early-close-after-hours-end", t.earlyClose(), t.earlyCloseAfterHoursEnd(),
                "at or after early-close", true);
    }

    /** Whether {@code later} is after {@code earlier} (or equal, if allowed); if not, records a problem at key. */
    private static boolean requireOrder(ConfigSection section, String key, LocalTime earlier, LocalTime later,
                                        String rule, boolean equalAllowed) {
        boolean ok = equalAllowed ? !later.isBefore(earlier) : later.isAfter(earlier);
        if (!ok) {
            section.problem(key, "must be " + rule + ", got \"" + later + "\"");
        }
        return ok;
    }

    private static Map<LocalDate, String> datedNames(ConfigSection business, String key) {
        Map<LocalDate, String> named = new TreeMap<>();
        for (ConfigSection entry : business.sections(key).orElse(List.of())) {
            entry.allowOnly(DATED_NAME_KEYS);
            entry.require("date", "name");
            Optional<LocalDate> date = entry.date("date");
            Optional<String> name = entry.string("name");
            if (date.isPresent() && name.isPresent() && named.put(date.get(), name.get()) != null) {
                entry.problem("date", date.get() + " is listed twice");
            }
        }
        return named;
    }

    private static List<CalendarOverride> overrides(ConfigSection calendar, SessionTimes times) {
        calendar.require("overrides");
        List<CalendarOverride> overrides = new ArrayList<>();
        Set<LocalDate> seen = new HashSet<>();
        for (ConfigSection entry : calendar.sections("overrides").orElse(List.of())) {
            override(entry, times, seen).ifPresent(overrides::add);
        }
        return overrides;
    }

    private static Optional<CalendarOverride> override(ConfigSection entry, SessionTimes times, Set<LocalDate> seen) {
        entry.allowOnly(OVERRIDE_KEYS);
        entry.require("date", "type");
        Optional<LocalDate> date = entry.date("date").filter(d -> {
            boolean first = seen.add(d);
            if (!first) {
                entry.problem("date", d + " already has an override");
            }
            return first;
        });
        Optional<CalendarOverride.Kind> kind = entry.choice("type", OVERRIDE_TYPES).flatMap(type -> {
            Optional<CalendarOverride.Kind> known = CalendarOverride.Kind.of(type);
            if (known.isEmpty()) {
                entry.problem("type", "expected closed, early-close or open, got \"" + type + "\"");
            }
            return known;
        });
        String reason = entry.string("reason").orElse("");
        boolean closeGiven = entry.has("close");
        Optional<LocalTime> close = closeGiven ? overrideClose(entry, kind, times) : Optional.empty();
        if (date.isEmpty() || kind.isEmpty() || closeGiven && close.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CalendarOverride(date.get(), kind.get(), reasonOrDefault(reason, kind.get()), close));
    }

    private static Optional<LocalTime> overrideClose(ConfigSection entry, Optional<CalendarOverride.Kind> kind,
                                                     SessionTimes times) {
        Optional<LocalTime> close = entry.time("close");
        if (close.isEmpty()) {
            return close;
        }
        if (kind.isPresent() && kind.get() != CalendarOverride.Kind.EARLY_CLOSE) {
            entry.problem("close", "only an early-close override takes a close time");
            return Optional.empty();
        }
        if (!close.get().isAfter(times.open()) || !close.get().isBefore(times.close())) {
            entry.problem("close", "must be after the open (" + times.open() + ") and before the regular close ("
                    + times.close() + "), got \"" + close.get() + "\"");
            return Optional.empty();
        }
        return close;
    }

    private static String reasonOrDefault(String reason, CalendarOverride.Kind kind) {
        return reason.isBlank() ? kind.id() + " (configured)" : reason;
    }

    private static Optional<BrokerSettings> broker(ConfigSection broker) {
        broker.allowOnly(BROKER_KEYS);
        broker.require("enabled", "url", "key-id", "secret", "timeout", "cache-days");
        Optional<Boolean> enabled = broker.bool("enabled");
        Optional<URI> url = broker.string("url").flatMap(text -> httpUri(broker, text));
        Optional<String> keyId = broker.string("key-id");
        Optional<String> secret = broker.string("secret");
        Optional<Duration> timeout = broker.positiveDuration("timeout", MAX_BROKER_TIMEOUT);
        Optional<Integer> cacheDays = broker.wholeNumber("cache-days", "a whole number of days", 1, 366);
        if (enabled.isEmpty() || url.isEmpty() || keyId.isEmpty() || secret.isEmpty() || timeout.isEmpty()
                || cacheDays.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BrokerSettings(enabled.get(), url.get(), keyId.get(), secret.get(), timeout.get(),
                cacheDays.get()));
    }

    private static Optional<URI> httpUri(ConfigSection broker, String text) {
        Optional<URI> uri = parseHttpUri(text);
        if (uri.isEmpty()) {
            broker.problem("url", "expected an http(s) URL like https://paper-api.alpaca.markets, got \"" + text
                    + "\"");
        }
        return uri;
    }

    private static Optional<URI> parseHttpUri(String text) {
        try {
            URI uri = new URI(text);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<WindowSettings> windows(ConfigSection windows) {
        windows.allowOnly(WINDOWS_KEYS);
        windows.require("research-start-after-close", "research-end-before-open");
        Optional<Duration> start = notNegative(windows, "research-start-after-close");
        Optional<Duration> end = notNegative(windows, "research-end-before-open");
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WindowSettings(start.get(), end.get()));
    }

    private static Optional<Duration> notNegative(ConfigSection section, String key) {
        return section.duration(key, Duration.ZERO, MAX_WINDOW_OFFSET);
    }
}
