package dev.interlude.core.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BrokerCalendarTest {

    private static final String SECRET = "s3cr3t-value";

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(BrokerCalendar.class);
    private HttpServer server;
    private volatile int status;
    private volatile String body;

    private record Request(String query, String keyId, String secret) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/calendar", exchange -> {
            requests.add(new Request(exchange.getRequestURI().getQuery(),
                    exchange.getRequestHeaders().getFirst("APCA-API-KEY-ID"),
                    exchange.getRequestHeaders().getFirst("APCA-API-SECRET-KEY")));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(logs);
        server.stop(0);
    }

    @Test
    void good_payload_gives_the_brokers_sessions_and_early_closes() {
        serve(200, recorded("alpaca-calendar-2026-11-to-12.json"));
        BrokerCalendar calendar = broker();

        CalendarDay dayAfterThanksgiving = calendar.day(LocalDate.parse("2026-11-27"));
        assertEquals(CalendarDay.Status.EARLY_CLOSE, dayAfterThanksgiving.status());
        assertEquals("Day after Thanksgiving", dayAfterThanksgiving.reason());
        Session session = dayAfterThanksgiving.session().orElseThrow();
        assertEquals(LocalTime.of(4, 0), session.preMarketOpen().toLocalTime());
        assertEquals(LocalTime.of(13, 0), session.close().toLocalTime());
        assertEquals(LocalTime.of(17, 0), session.afterHoursEnd().toLocalTime());
        assertEquals(CalendarDay.Status.REGULAR, calendar.day(LocalDate.parse("2026-11-30")).status());
        assertTrue(logs.list.isEmpty(), () -> logs.list.toString());
    }

    @Test
    void dates_the_broker_leaves_out_are_closures_named_by_the_fallback() {
        serve(200, recorded("alpaca-calendar-2026-11-to-12.json"));
        BrokerCalendar calendar = broker();
        assertEquals(CalendarDay.closed(LocalDate.parse("2026-11-26"), "Thanksgiving Day"),
                calendar.day(LocalDate.parse("2026-11-26")));
        assertEquals(CalendarDay.Status.WEEKEND, calendar.day(LocalDate.parse("2026-11-28")).status());
        assertEquals("Christmas Day", calendar.day(LocalDate.parse("2026-12-25")).reason());
    }

    @Test
    void a_date_the_broker_leaves_out_but_the_rules_keep_open_is_closed_by_the_broker() {
        serve(200, recorded("unexpected-closure.json"));
        BrokerCalendar calendar = broker();
        assertEquals(CalendarDay.closed(LocalDate.parse("2026-12-02"), "closed (broker)"),
                calendar.day(LocalDate.parse("2026-12-02")));
        CalendarDay early = calendar.day(LocalDate.parse("2026-12-03"));
        assertEquals(CalendarDay.Status.EARLY_CLOSE, early.status());
        assertEquals("early close (broker)", early.reason());
    }

    @Test
    void dates_outside_the_span_of_the_payload_come_from_the_fallback() {
        serve(200, recorded("alpaca-calendar-2026-11-to-12.json"));
        BrokerCalendar calendar = broker();
        assertEquals("Juneteenth National Independence Day", calendar.day(LocalDate.parse("2026-06-19")).reason());
        assertEquals(CalendarDay.Status.REGULAR, calendar.day(LocalDate.parse("2026-06-18")).status());
    }

    @Test
    void a_year_is_fetched_once_with_the_credentials() {
        serve(200, recorded("alpaca-calendar-2026-11-to-12.json"));
        BrokerCalendar calendar = broker();
        calendar.sessionsBetween(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-31"));
        calendar.day(LocalDate.parse("2026-03-02"));
        assertEquals(List.of(new Request("start=2026-01-01&end=2026-12-31", "key-1", SECRET)), requests);
    }

    @Test
    void refresh_fetches_again() {
        serve(200, recorded("alpaca-calendar-2026-11-to-12.json"));
        BrokerCalendar calendar = broker();
        calendar.day(LocalDate.parse("2026-11-27"));
        calendar.refresh();
        calendar.day(LocalDate.parse("2026-11-27"));
        assertEquals(2, requests.size());
    }

    @Test
    void malformed_json_falls_back_to_the_rules_with_a_warning() {
        serve(200, recorded("malformed.json"));
        assertFallsBack("malformed JSON");
    }

    @Test
    void an_entry_missing_its_close_falls_back_to_the_rules_with_a_warning() {
        serve(200, recorded("partial-missing-close.json"));
        assertFallsBack("entry 1 has no \"close\"");
    }

    @Test
    void an_entry_missing_its_date_falls_back_to_the_rules_with_a_warning() {
        serve(200, "[{\"open\":\"09:30\",\"close\":\"16:00\",\"session_open\":\"0400\",\"session_close\":\"2000\"}]");
        assertFallsBack("entry 0 has no \"date\"");
    }

    @Test
    void an_empty_payload_falls_back_to_the_rules_with_a_warning() {
        serve(200, "[]");
        assertFallsBack("non-empty JSON array");
    }

    @Test
    void a_server_error_falls_back_to_the_rules_with_a_warning() {
        serve(500, "{\"message\":\"internal server error\"}");
        assertFallsBack("HTTP status 500");
    }

    @Test
    void an_unreachable_broker_falls_back_to_the_rules_with_a_warning() {
        server.stop(0);
        assertFallsBack("request failed");
    }

    @Test
    void a_failure_is_remembered_until_refresh() {
        serve(500, "{}");
        BrokerCalendar calendar = broker();
        calendar.day(LocalDate.parse("2026-11-27"));
        calendar.day(LocalDate.parse("2026-11-30"));
        assertEquals(1, requests.size());
        assertEquals(1, logs.list.size());
    }

    private void assertFallsBack(String because) {
        BrokerCalendar calendar = broker();
        XnysCalendar rules = new XnysCalendar();
        for (String date : List.of("2026-11-26", "2026-11-27", "2026-11-30", "2026-12-24")) {
            assertEquals(rules.day(LocalDate.parse(date)), calendar.day(LocalDate.parse(date)), date);
        }
        assertEquals(1, logs.list.size(), () -> logs.list.toString());
        ILoggingEvent warning = logs.list.get(0);
        assertEquals(Level.WARN, warning.getLevel());
        assertTrue(warning.getFormattedMessage().contains(because), warning.getFormattedMessage());
        assertTrue(warning.getFormattedMessage().contains("2026-01-01..2026-12-31"), warning.getFormattedMessage());
        assertFalse(warning.getFormattedMessage().contains(SECRET));
    }

    private BrokerCalendar broker() {
        BrokerSettings settings = new BrokerSettings(true,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "key-1", SECRET,
                Duration.ofSeconds(5), 366);
        return BrokerCalendar.create(settings, new XnysCalendar(), SessionTimes.XNYS);
    }

    private void serve(int status, String body) {
        this.status = status;
        this.body = body;
    }

    private static String recorded(String name) {
        try (InputStream in = BrokerCalendarTest.class.getResourceAsStream("/broker/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
