package dev.interlude.core.calendar;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.ConfigReader;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.window.WindowSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
 * A configuration with mistakes is refused with every problem named by its path.
 *
 * @param calendar the calendar to plan with, overrides applied
 * @param windows  where research windows start and end
 * @param broker   the broker source's settings (used only when enabled)
 */
public record CalendarConfig(TradingCalendar calendar, WindowSettings windows, BrokerSettings broker) {

    static final String CALENDAR = "interlude.calendar";
    static final String WINDOWS = "interlude.windows";
    static final String BUSINESS_ID = "business";

    /**
     * Reads the calendar and windows from {@code config}, falling back to the reference defaults.
     *
     * @throws InvalidInputException listing every problem found, each with its path
     */
    public static CalendarConfig load(Config config) {
        Config resolved = config.withFallback(ConfigFactory.defaultReference()).resolve();
        List<Problem> problems = new ArrayList<>();
        ConfigReader root = new ConfigReader(resolved, "", problems);
        ConfigReader calendar = root.block(CALENDAR).orElseThrow(() -> new InvalidInputException(problems));
        Optional<Base> base = base(calendar);
        List<CalendarOverride> overrides = overrides(calendar, base.map(Base::times).orElse(SessionTimes.XNYS));
        Optional<BrokerSettings> broker = calendar.block("broker").flatMap(CalendarConfig::broker);
        Optional<WindowSettings> windows = root.block(WINDOWS).flatMap(CalendarConfig::windows);
        if (!problems.isEmpty()) {
            problems.sort(null);
            throw new InvalidInputException(problems);
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

    private static Optional<Base> base(ConfigReader calendar) {
        Optional<String> id = calendar.string("id");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (id.get().equals(XnysCalendar.ID)) {
            return Optional.of(new Base(new XnysCalendar(), SessionTimes.XNYS));
        }
        if (id.get().equals(BUSINESS_ID)) {
            return calendar.block(BUSINESS_ID).flatMap(CalendarConfig::business);
        }
        calendar.problem("id", "unknown calendar \"" + id.get() + "\"; expected \"" + XnysCalendar.ID + "\" or \""
                + BUSINESS_ID + "\"");
        return Optional.empty();
    }

    private static Optional<Base> business(ConfigReader business) {
        Optional<ZoneId> zone = zone(business);
        Set<DayOfWeek> weekend = weekend(business);
        Optional<SessionTimes> times = sessionTimes(business);
        Map<LocalDate, String> holidays = datedNames(business, "holidays");
        Map<LocalDate, String> earlyCloses = datedNames(business, "early-closes");
        if (zone.isEmpty() || times.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Base(new BusinessCalendar(BUSINESS_ID, zone.get(), weekend, times.get(), holidays,
                earlyCloses), times.get()));
    }

    private static Optional<ZoneId> zone(ConfigReader business) {
        return business.string("zone").flatMap(name -> {
            try {
                return Optional.of(ZoneId.of(name));
            } catch (DateTimeException e) {
                business.problem("zone", "expected a time zone like Europe/London, got \"" + name + "\"");
                return Optional.empty();
            }
        });
    }

    private static Set<DayOfWeek> weekend(ConfigReader business) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<String> names = business.strings("weekend");
        for (int i = 0; i < names.size(); i++) {
            try {
                days.add(DayOfWeek.valueOf(names.get(i).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                business.problem("weekend[" + i + "]", "expected a day like SATURDAY, got \"" + names.get(i) + "\"");
            }
        }
        return days;
    }

    private static Optional<SessionTimes> sessionTimes(ConfigReader business) {
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

    private static boolean inOrder(ConfigReader business, SessionTimes t) {
        int before = business.problemCount();
        requireOrder(business, "open", t.preMarketOpen(), t.open(), "at or after pre-market", true);
        requireOrder(business, "close", t.open(), t.close(), "after open", false);
        requireOrder(business, "after-hours-end", t.close(), t.afterHoursEnd(), "at or after close", true);
        requireOrder(business, "early-close", t.open(), t.earlyClose(), "after open", false);
        requireOrder(business, "early-close", t.earlyClose(), t.close(), "at or before close", true);
        requireOrder(business, "early-close-after-hours-end", t.earlyClose(), t.earlyCloseAfterHoursEnd(),
                "at or after early-close", true);
        return business.problemCount() == before;
    }

    private static void requireOrder(ConfigReader reader, String key, LocalTime earlier, LocalTime later,
                                     String rule, boolean equalAllowed) {
        boolean ok = equalAllowed ? !later.isBefore(earlier) : later.isAfter(earlier);
        if (!ok) {
            reader.problem(key, "must be " + rule + ", got " + reader.rawString(key));
        }
    }

    private static Map<LocalDate, String> datedNames(ConfigReader business, String key) {
        Map<LocalDate, String> named = new TreeMap<>();
        for (ConfigReader entry : business.blocks(key)) {
            Optional<LocalDate> date = entry.date("date");
            Optional<String> name = entry.string("name");
            if (date.isPresent() && name.isPresent() && named.put(date.get(), name.get()) != null) {
                entry.problem("date", date.get() + " is listed twice");
            }
        }
        return named;
    }

    private static List<CalendarOverride> overrides(ConfigReader calendar, SessionTimes times) {
        List<CalendarOverride> overrides = new ArrayList<>();
        Set<LocalDate> seen = new HashSet<>();
        for (ConfigReader entry : calendar.blocks("overrides")) {
            override(entry, times, seen).ifPresent(overrides::add);
        }
        return overrides;
    }

    private static Optional<CalendarOverride> override(ConfigReader entry, SessionTimes times, Set<LocalDate> seen) {
        Optional<LocalDate> date = entry.date("date").filter(d -> {
            boolean first = seen.add(d);
            if (!first) {
                entry.problem("date", d + " already has an override");
            }
            return first;
        });
        Optional<CalendarOverride.Kind> kind = entry.string("type").flatMap(type -> {
            Optional<CalendarOverride.Kind> known = CalendarOverride.Kind.of(type);
            if (known.isEmpty()) {
                entry.problem("type", "expected closed, early-close or open, got \"" + type + "\"");
            }
            return known;
        });
        String reason = entry.has("reason") ? entry.string("reason").orElse("") : "";
        boolean closeGiven = entry.has("close");
        Optional<LocalTime> close = closeGiven ? overrideClose(entry, kind, times) : Optional.empty();
        if (date.isEmpty() || kind.isEmpty() || closeGiven && close.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CalendarOverride(date.get(), kind.get(), reasonOrDefault(reason, kind.get()), close));
    }

    private static Optional<LocalTime> overrideClose(ConfigReader entry, Optional<CalendarOverride.Kind> kind,
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

    private static Optional<BrokerSettings> broker(ConfigReader broker) {
        Optional<Boolean> enabled = broker.bool("enabled");
        Optional<URI> url = broker.string("url").flatMap(text -> httpUri(broker, text));
        Optional<String> keyId = broker.string("key-id");
        Optional<String> secret = broker.string("secret");
        Optional<Duration> timeout = positive(broker, "timeout");
        Optional<Integer> cacheDays = broker.integer("cache-days").filter(days -> {
            boolean ok = days >= 1 && days <= 366;
            if (!ok) {
                broker.problem("cache-days", "must be between 1 and 366, got " + days);
            }
            return ok;
        });
        if (enabled.isEmpty() || url.isEmpty() || keyId.isEmpty() || secret.isEmpty() || timeout.isEmpty()
                || cacheDays.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BrokerSettings(enabled.get(), url.get(), keyId.get(), secret.get(), timeout.get(),
                cacheDays.get()));
    }

    private static Optional<URI> httpUri(ConfigReader reader, String text) {
        Optional<URI> uri = parseHttpUri(text);
        if (uri.isEmpty()) {
            reader.problem("url", "expected an http(s) URL like https://paper-api.alpaca.markets, got \"" + text
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

    private static Optional<Duration> positive(ConfigReader reader, String key) {
        return reader.duration(key).filter(d -> {
            if (d.isNegative() || d.isZero()) {
                reader.problem(key, "must be positive, got " + reader.rawString(key));
                return false;
            }
            return true;
        });
    }

    private static Optional<WindowSettings> windows(ConfigReader windows) {
        Optional<Duration> start = notNegative(windows, "research-start-after-close");
        Optional<Duration> end = notNegative(windows, "research-end-before-open");
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WindowSettings(start.get(), end.get()));
    }

    private static Optional<Duration> notNegative(ConfigReader reader, String key) {
        return reader.duration(key).filter(d -> {
            if (d.isNegative()) {
                reader.problem(key, "must not be negative, got " + reader.rawString(key));
                return false;
            }
            return true;
        });
    }
}
