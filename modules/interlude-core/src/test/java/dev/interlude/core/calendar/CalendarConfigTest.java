package dev.interlude.core.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.window.WindowSettings;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalendarConfigTest {

    @Test
    void defaults_give_the_built_in_nyse_calendar_and_default_windows() {
        CalendarConfig config = load("");
        assertEquals("XNYS", config.calendar().id());
        assertEquals(WindowSettings.DEFAULT, config.windows());
        assertFalse(config.broker().enabled());
        assertEquals(Duration.ofSeconds(5), config.broker().timeout());
        assertEquals(366, config.broker().cacheDays());
        assertEquals(CalendarDay.Status.CLOSED, config.calendar().day(LocalDate.parse("2026-11-26")).status());
    }

    @Test
    void overrides_close_open_and_close_early_by_date() {
        CalendarConfig config = load("""
                interlude.calendar.overrides = [
                  { date = "2026-12-02", type = closed, reason = "National day of mourning" }
                  { date = "2026-12-24", type = open }
                  { date = "2026-12-31", type = early-close, reason = "Year end", close = "12:00" }
                ]
                """);
        TradingCalendar calendar = config.calendar();
        assertEquals("National day of mourning", calendar.day(LocalDate.parse("2026-12-02")).reason());
        assertEquals(CalendarDay.Status.REGULAR, calendar.day(LocalDate.parse("2026-12-24")).status());
        CalendarDay yearEnd = calendar.day(LocalDate.parse("2026-12-31"));
        assertEquals(CalendarDay.Status.EARLY_CLOSE, yearEnd.status());
        assertEquals(LocalTime.of(12, 0), yearEnd.session().orElseThrow().close().toLocalTime());
    }

    @Test
    void business_calendar_is_read_from_its_block() {
        CalendarConfig config = load("""
                interlude.calendar {
                  id = business
                  business {
                    zone = "Europe/London"
                    weekend = [SATURDAY, SUNDAY]
                    holidays = [ { date = "2026-12-25", name = "Christmas" } ]
                    early-closes = [ { date = "2026-12-24", name = "Christmas Eve" } ]
                  }
                }
                """);
        TradingCalendar calendar = config.calendar();
        assertEquals("business", calendar.id());
        assertEquals("Christmas", calendar.day(LocalDate.parse("2026-12-25")).reason());
        Session eve = calendar.session(LocalDate.parse("2026-12-24")).orElseThrow();
        assertEquals("2026-12-24T12:30Z[Europe/London]", eve.close().toString());
        assertEquals(CalendarDay.Status.WEEKEND, calendar.day(LocalDate.parse("2026-12-26")).status());
    }

    @Test
    void window_offsets_are_read_from_interlude_windows() {
        CalendarConfig config = load("""
                interlude.windows { research-start-after-close = 1h, research-end-before-open = 3h }
                """);
        assertEquals(new WindowSettings(Duration.ofHours(1), Duration.ofHours(3)), config.windows());
    }

    @Test
    void enabled_broker_answers_first_with_the_chosen_calendar_as_fallback() {
        CalendarConfig config = load("""
                interlude.calendar.broker { enabled = true, url = "http://127.0.0.1:1", key-id = "k", secret = "s" }
                """);
        OverriddenCalendar calendar = assertInstanceOf(OverriddenCalendar.class, config.calendar());
        assertInstanceOf(BrokerCalendar.class, calendar.base());
        assertFalse(config.broker().toString().contains("=s,"), config.broker().toString());
    }

    @Test
    void a_malformed_override_date_is_reported_with_its_path() {
        InvalidInputException e = invalid("""
                interlude.calendar.overrides = [ { date = "12/24", type = closed } ]
                """);
        assertEquals(List.of(new Problem("interlude.calendar.overrides[0].date",
                "expected an ISO date like 2026-12-24, got \"12/24\"")), e.problems());
        assertEquals("interlude.calendar.overrides[0].date: expected an ISO date like 2026-12-24, got \"12/24\"",
                e.getMessage());
    }

    @Test
    void every_problem_is_reported_at_once() {
        InvalidInputException e = invalid("""
                interlude.calendar {
                  overrides = [
                    { date = "2026-12-02", type = shut }
                    { date = "2026-12-03", type = closed, close = "12:00" }
                    { date = "2026-12-04", type = early-close, close = "17:00" }
                    { type = open }
                    { date = "2026-12-03", type = open }
                  ]
                  broker { url = "ftp://example.com", timeout = 0s, cache-days = 0, enabled = maybe }
                }
                interlude.windows { research-start-after-close = -1h, research-end-before-open = "soon" }
                """);
        assertEquals(List.of(
                "interlude.calendar.broker.cache-days",
                "interlude.calendar.broker.enabled",
                "interlude.calendar.broker.timeout",
                "interlude.calendar.broker.url",
                "interlude.calendar.overrides[0].type",
                "interlude.calendar.overrides[1].close",
                "interlude.calendar.overrides[2].close",
                "interlude.calendar.overrides[3].date",
                "interlude.calendar.overrides[4].date",
                "interlude.windows.research-end-before-open",
                "interlude.windows.research-start-after-close"),
                e.problems().stream().map(Problem::path).toList(), e.getMessage());
    }

    @Test
    void unknown_calendar_id_is_reported() {
        InvalidInputException e = invalid("interlude.calendar.id = XLON");
        assertEquals("interlude.calendar.id", e.problems().get(0).path());
        assertTrue(e.problems().get(0).message().contains("XLON"));
    }

    @Test
    void business_block_mistakes_are_reported_with_their_paths() {
        InvalidInputException e = invalid("""
                interlude.calendar {
                  id = business
                  business {
                    zone = "Mars/Olympus"
                    weekend = [SATURDAY, FUNDAY]
                    open = "9h"
                    holidays = [ { date = "2026-12-25" } ]
                  }
                }
                """);
        assertEquals(List.of(
                "interlude.calendar.business.holidays[0].name",
                "interlude.calendar.business.open",
                "interlude.calendar.business.weekend[1]",
                "interlude.calendar.business.zone"),
                e.problems().stream().map(Problem::path).toList(), e.getMessage());
    }

    @Test
    void business_hours_out_of_order_are_reported() {
        InvalidInputException e = invalid("""
                interlude.calendar { id = business, business { open = "18:00" } }
                """);
        assertEquals("interlude.calendar.business.close", e.problems().get(0).path());
        assertEquals("must be after open, got \"17:00\"", e.problems().get(0).message());
    }

    @Test
    void unknown_keys_in_every_block_are_reported_with_the_closest_known_key() {
        InvalidInputException e = invalid("""
                interlude.calendar {
                  overides = []
                  overrides = [ { date = "2026-12-02", type = closed, reson = "Mourning" } ]
                  business { early-close-after-hours = "13:30" }
                  broker { time-out = 5s }
                }
                interlude.windows { research-start-after-clse = 1h, colour = blue }
                """);
        assertEquals(List.of(
                "interlude.calendar.broker.time-out: unknown key \"time-out\", did you mean \"timeout\"?",
                "interlude.calendar.business.early-close-after-hours: unknown key \"early-close-after-hours\", "
                        + "did you mean \"early-close-after-hours-end\"?",
                "interlude.calendar.overides: unknown key \"overides\", did you mean \"overrides\"?",
                "interlude.calendar.overrides[0].reson: unknown key \"reson\", did you mean \"reason\"?",
                "interlude.windows.colour: unknown key \"colour\"",
                "interlude.windows.research-start-after-clse: unknown key \"research-start-after-clse\", "
                        + "did you mean \"research-start-after-close\"?"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void unknown_keys_in_business_calendar_entries_are_reported() {
        InvalidInputException e = invalid("""
                interlude.calendar {
                  id = business
                  business.holidays = [ { date = "2026-12-25", name = "Christmas", names = ["Xmas"] } ]
                }
                """);
        assertEquals(List.of(new Problem("interlude.calendar.business.holidays[0].names",
                "unknown key \"names\", did you mean \"name\"?")), e.problems());
    }

    @Test
    void a_required_value_set_to_null_is_reported_with_its_path() {
        InvalidInputException e = invalid("""
                interlude.calendar.broker.timeout = null
                interlude.windows.research-end-before-open = null
                """);
        assertEquals(List.of(
                new Problem("interlude.calendar.broker.timeout", "missing required key"),
                new Problem("interlude.windows.research-end-before-open", "missing required key")), e.problems());
    }

    @Test
    void the_business_block_is_required_only_when_chosen() {
        assertEquals("XNYS", load("interlude.calendar.business = null").calendar().id());
        InvalidInputException e = invalid("interlude.calendar { id = business, business = null }");
        assertEquals(List.of(new Problem("interlude.calendar.business", "missing required key")), e.problems());
    }

    @Test
    void durations_need_a_unit_and_booleans_may_come_from_strings() {
        InvalidInputException e = invalid("interlude.calendar.broker.timeout = 5000");
        assertEquals(List.of(new Problem("interlude.calendar.broker.timeout",
                "expected a duration such as 30s, 15m or 2h, got 5000")), e.problems());
        CalendarConfig config = load("""
                interlude.calendar.broker { enabled = "true", url = "http://127.0.0.1:1", cache-days = "30" }
                """);
        assertTrue(config.broker().enabled());
        assertEquals(30, config.broker().cacheDays());
    }

    private static CalendarConfig load(String hocon) {
        return CalendarConfig.load(ConfigFactory.parseString(hocon));
    }

    private static InvalidInputException invalid(String hocon) {
        return assertThrows(InvalidInputException.class, () -> load(hocon));
    }
}
