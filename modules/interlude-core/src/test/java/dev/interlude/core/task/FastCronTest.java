package dev.interlude.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edge cases of the compiled cron evaluator, each checked against a fire time worked out by hand and against
 * cron-utils. 2026-06-07 is a Sunday; 2028 is a leap year.
 */
class FastCronTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // Sunday as Unix 0, Unix 7, the name SUN, and Quartz 1
            "0 9 * * 0          | 2026-06-03T00:00 | 2026-06-07T09:00",
            "0 9 * * 7          | 2026-06-03T00:00 | 2026-06-07T09:00",
            "0 9 * * SUN        | 2026-06-03T00:00 | 2026-06-07T09:00",
            "0 0 9 ? * 1        | 2026-06-03T00:00 | 2026-06-07T09:00",
            "0 0 9 ? * SUN      | 2026-06-03T00:00 | 2026-06-07T09:00",
            // Quartz 7 is Saturday; Unix ranges reaching 7 include Sunday
            "0 0 9 ? * 7        | 2026-06-03T00:00 | 2026-06-06T09:00",
            "0 9 * * 5-7        | 2026-06-06T10:00 | 2026-06-07T09:00",
            "0 9 * * SAT-SUN    | 2026-06-06T10:00 | 2026-06-07T09:00",
            "0 9 * * 0-7        | 2026-06-06T10:00 | 2026-06-07T09:00",
            // weekdays by name in both dialects, across a weekend
            "15 8 * * MON-FRI   | 2026-06-05T09:00 | 2026-06-08T08:15",
            "0 15 8 ? * MON-FRI | 2026-06-05T09:00 | 2026-06-08T08:15",
            // end of month: the 31st skips the months without one; the last day rolls into the next month
            "0 12 31 * *        | 2026-04-01T00:00 | 2026-05-31T12:00",
            "0 12 31 * *        | 2026-05-31T12:00 | 2026-07-31T12:00",
            "0 0 * * *          | 2026-12-31T00:00 | 2027-01-01T00:00",
            "0 0 30 * *         | 2026-01-30T00:00 | 2026-03-30T00:00",
            // 29 February only in leap years
            "0 6 29 2 *         | 2026-03-01T00:00 | 2028-02-29T06:00",
            "0 0 6 29 FEB ?     | 2028-02-29T06:00 | 2032-02-29T06:00",
            // steps from a range, from a value, from *; a step reaching the field's last value
            "10-40/15 * * * *   | 2026-06-01T08:26 | 2026-06-01T08:40",
            "10-40/15 * * * *   | 2026-06-01T08:40 | 2026-06-01T09:10",
            "1/2 * * * *        | 2026-06-01T08:58 | 2026-06-01T08:59",
            "0 3/10 * * *       | 2026-06-01T23:00 | 2026-06-02T03:00",
            "0 0 */5 * *        | 2026-06-26T00:00 | 2026-07-01T00:00",
            "0 0 1 JAN/3 *      | 2026-02-01T00:00 | 2026-04-01T00:00",
            "0 0 * * 1/3        | 2026-06-05T00:00 | 2026-06-07T00:00",
            "*/20 8-9 * * *     | 2026-06-01T09:40 | 2026-06-02T08:00",
            // lists mixing values, ranges and steps
            "0 1,5-6,*/10 * * * | 2026-06-01T06:00 | 2026-06-01T10:00",
            // Quartz seconds and an unrestricted year
            "30 */15 * * * ?    | 2026-06-01T08:15:30 | 2026-06-01T08:30:30",
            "0 0 12 * * ? *     | 2026-06-01T12:00 | 2026-06-02T12:00",
    })
    void next_fire(String expression, String after, String expected) {
        CronSchedule schedule = CronExpressions.schedule(expression.trim());
        LocalDateTime cursor = LocalDateTime.parse(after.trim());

        assertTrue(schedule.compiled().isPresent(), expression + " should compile");
        assertEquals(Optional.of(LocalDateTime.parse(expected.trim())), schedule.nextAfter(cursor));
        assertEquals(schedule.viaCronUtils(cursor), schedule.nextAfter(cursor));
    }

    @Test
    void an_impossible_date_never_fires() {
        CronSchedule schedule = CronExpressions.schedule("0 0 30 2 *");
        LocalDateTime cursor = LocalDateTime.parse("2026-06-01T00:00");

        assertEquals(Optional.empty(), schedule.nextAfter(cursor));
        assertEquals(schedule.viaCronUtils(cursor), schedule.nextAfter(cursor));
    }

    @Test
    void a_fraction_of_a_second_is_kept_as_cron_utils_keeps_it() {
        CronSchedule everySecond = CronExpressions.schedule("* * * * * ?");
        CronSchedule quarterHours = CronExpressions.schedule("*/15 * * * *");

        assertEquals(Optional.of(LocalDateTime.parse("2026-06-01T08:00:01.5")),
                everySecond.nextAfter(LocalDateTime.parse("2026-06-01T08:00:00.5")));
        assertEquals(Optional.of(LocalDateTime.parse("2026-06-01T08:15")),
                quarterHours.nextAfter(LocalDateTime.parse("2026-06-01T08:00:00.5")));
        assertEquals(Optional.of(LocalDateTime.parse("2026-06-01T08:00")),
                quarterHours.nextAfter(LocalDateTime.parse("2026-06-01T07:59:59.999999999")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0 0 0 L * ?",          // last day of the month
            "0 0 0 15W * ?",        // nearest weekday
            "0 0 0 LW * ?",         // last weekday of the month
            "0 0 0 ? * 6#3",        // third Friday
            "0 0 0 ? * 6L",         // last Friday
            "0 0 0 * * ? 2027",     // a restricted year
            "0 0 22-2 * * ?",       // a wrap-around range
            "0 9 1 * MON",          // both day of month and day of week
    })
    void expressions_outside_the_plain_subset_fall_back_to_cron_utils_and_still_fire(String expression) {
        CronSchedule schedule = CronExpressions.schedule(expression);
        LocalDateTime cursor = LocalDateTime.parse("2026-06-01T12:00");

        assertFalse(schedule.compiled().isPresent(), expression + " should fall back");
        assertEquals(schedule.viaCronUtils(cursor), schedule.nextAfter(cursor));
    }

    @Test
    void a_fallback_cron_trigger_still_fires() {
        Trigger thirdFriday = new Trigger.Cron("0 0 9 ? * 6#3", NEW_YORK);

        assertEquals(ZonedDateTime.parse("2026-06-19T09:00-04:00[America/New_York]"),
                thirdFriday.nextFireAfter(ZonedDateTime.parse("2026-06-01T00:00-04:00[America/New_York]")).orElseThrow());
    }

    @Test
    void a_year_field_in_the_past_never_fires() {
        CronSchedule schedule = CronExpressions.schedule("0 0 0 * * ? 2020");

        assertEquals(Optional.empty(), schedule.nextAfter(LocalDateTime.parse("2026-06-01T12:00")));
    }
}
