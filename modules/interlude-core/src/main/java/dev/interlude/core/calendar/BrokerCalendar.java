package dev.interlude.core.calendar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A calendar read from a broker's {@code GET /v2/calendar?start=..&end=..} (the Alpaca shape: a JSON array of
 * {@code {"date":"2026-11-27","open":"09:30","close":"13:00","session_open":"0400","session_close":"1700"}}, one
 * per trading day). Each chunk of {@link BrokerSettings#cacheDays()} days is fetched once, when a date in it is first
 * asked about, and kept until {@link #refresh()}.
 *
 * <p>Within the dates a good payload spans, a date it does not list is closed: with the fallback calendar's reason
 * when the fallback closes it too, else "closed (broker)". Dates of the chunk outside that span come from the
 * fallback calendar. When the broker cannot be used (connection error, timeout, a status other than 200, malformed
 * JSON, an entry missing a field or with a bad value, no entries), the whole chunk comes from the fallback calendar
 * and one warning is logged; the secret is never logged.
 */
public final class BrokerCalendar implements TradingCalendar {

    static final String CLOSED_BY_BROKER = "closed (broker)";
    static final String EARLY_CLOSE_BY_BROKER = "early close (broker)";

    private static final Logger log = LoggerFactory.getLogger(BrokerCalendar.class);
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrokerSettings settings;
    private final TradingCalendar fallback;
    private final SessionTimes regularTimes;
    private final HttpClient client;
    private final Map<LocalDate, Chunk> chunks = new ConcurrentHashMap<>();

    /**
     * @param fallback     answers when the broker cannot, and names the closures the broker leaves out
     * @param regularTimes the regular close, to tell an early close from a regular session
     */
    public BrokerCalendar(BrokerSettings settings, TradingCalendar fallback, SessionTimes regularTimes,
                          HttpClient client) {
        this.settings = settings;
        this.fallback = fallback;
        this.regularTimes = regularTimes;
        this.client = client;
    }

    /** A broker calendar with its own HTTP client, connecting within the settings' timeout. */
    public static BrokerCalendar create(BrokerSettings settings, TradingCalendar fallback, SessionTimes regularTimes) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        return new BrokerCalendar(settings, fallback, regularTimes, client);
    }

    @Override
    public String id() {
        return fallback.id();
    }

    @Override
    public ZoneId zone() {
        return fallback.zone();
    }

    @Override
    public CalendarDay day(LocalDate date) {
        return chunks.computeIfAbsent(chunkStart(date), this::load).day(date);
    }

    /** Forgets every fetched chunk (and every failure), so the next question fetches again. */
    public void refresh() {
        chunks.clear();
    }

    private LocalDate chunkStart(LocalDate date) {
        int index = (date.getDayOfYear() - 1) / settings.cacheDays();
        return date.withDayOfYear(1 + index * settings.cacheDays());
    }

    private LocalDate chunkEnd(LocalDate start) {
        LocalDate end = start.plusDays(settings.cacheDays() - 1L);
        return end.getYear() == start.getYear() ? end : LocalDate.of(start.getYear(), 12, 31);
    }

    private Chunk load(LocalDate start) {
        LocalDate end = chunkEnd(start);
        URI uri = uri(start, end);
        try {
            return parse(fetch(uri), start, end);
        } catch (BrokerFailure e) {
            log.warn("Broker calendar {} unusable for {}..{}: {}; using the built-in {} calendar for these dates",
                    endpoint(), start, end, e.getMessage(), fallback.id());
            return Chunk.fallbackOnly(fallback);
        }
    }

    private String fetch(URI uri) throws BrokerFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Accept", "application/json").GET();
        if (settings.authenticated()) {
            request.header("APCA-API-KEY-ID", settings.keyId()).header("APCA-API-SECRET-KEY", settings.secret());
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new BrokerFailure("HTTP status " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new BrokerFailure("request failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerFailure("interrupted while fetching");
        }
    }

    private Chunk parse(String body, LocalDate start, LocalDate end) throws BrokerFailure {
        JsonNode root = readJson(body);
        if (!root.isArray() || root.isEmpty()) {
            throw new BrokerFailure("expected a non-empty JSON array of trading days");
        }
        Map<LocalDate, CalendarDay> days = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            CalendarDay day = entry(root.get(i), i);
            if (!day.date().isBefore(start) && !day.date().isAfter(end) && days.put(day.date(), day) != null) {
                throw new BrokerFailure("entry " + i + " repeats " + day.date());
            }
        }
        if (days.isEmpty()) {
            throw new BrokerFailure("no trading day between " + start + " and " + end);
        }
        return new Chunk(Map.copyOf(days), days.keySet().stream().min(LocalDate::compareTo).orElseThrow(),
                days.keySet().stream().max(LocalDate::compareTo).orElseThrow(), fallback);
    }

    private static JsonNode readJson(String body) throws BrokerFailure {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BrokerFailure("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private CalendarDay entry(JsonNode node, int index) throws BrokerFailure {
        try {
            LocalDate date = LocalDate.parse(field(node, "date", index));
            LocalTime open = LocalTime.parse(field(node, "open", index));
            LocalTime close = LocalTime.parse(field(node, "close", index));
            LocalTime preMarket = LocalTime.parse(field(node, "session_open", index), HHMM);
            LocalTime afterHours = LocalTime.parse(field(node, "session_close", index), HHMM);
            return calendarDay(date, preMarket, open, close, afterHours);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new BrokerFailure("entry " + index + " has a bad value: " + e.getMessage());
        }
    }

    private static String field(JsonNode node, String name, int index) throws BrokerFailure {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new BrokerFailure("entry " + index + " has no \"" + name + "\"");
        }
        return value.asText();
    }

    private CalendarDay calendarDay(LocalDate date, LocalTime preMarket, LocalTime open, LocalTime close,
                                    LocalTime afterHours) {
        boolean early = close.isBefore(regularTimes.close());
        String reason = early ? earlyCloseReason(date) : "";
        Session session = new Session(date, at(date, preMarket), at(date, open), at(date, close),
                at(date, afterHours), early, reason);
        return early ? CalendarDay.earlyClose(session, reason) : CalendarDay.regular(session);
    }

    private String earlyCloseReason(LocalDate date) {
        CalendarDay known = fallback.day(date);
        return known.status() == CalendarDay.Status.EARLY_CLOSE ? known.reason() : EARLY_CLOSE_BY_BROKER;
    }

    private ZonedDateTime at(LocalDate date, LocalTime time) {
        return ZonedDateTime.of(date, time, zone());
    }

    private URI uri(LocalDate start, LocalDate end) {
        return URI.create(endpoint() + "?start=" + start + "&end=" + end);
    }

    private String endpoint() {
        String base = settings.url().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v2/calendar";
    }

    /** One fetched range: the days the broker listed and the span they cover; anything else from the fallback. */
    private record Chunk(Map<LocalDate, CalendarDay> days, LocalDate first, LocalDate last,
                         TradingCalendar fallback) {

        static Chunk fallbackOnly(TradingCalendar fallback) {
            return new Chunk(Map.of(), LocalDate.MAX, LocalDate.MIN, fallback);
        }

        CalendarDay day(LocalDate date) {
            CalendarDay listed = days.get(date);
            if (listed != null) {
                return listed;
            }
            CalendarDay known = fallback.day(date);
            boolean withinSpan = !date.isBefore(first) && !date.isAfter(last);
            return !withinSpan || !known.isTradingDay() ? known : CalendarDay.closed(date, CLOSED_BY_BROKER);
        }
    }

    /** Why a broker payload cannot be used. */
    private static final class BrokerFailure extends Exception {
        BrokerFailure(String message) {
            super(message);
        }
    }
}
