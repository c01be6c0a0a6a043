package dev.interlude.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TriggerFireTimesTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalDate SPRING_FORWARD = LocalDate.of(2026, 3, 8);
    private static final LocalDate FALL_BACK = LocalDate.of(2026, 11, 1);

    static List<Trigger> at0230() {
        return List.of(
                new Trigger.Daily(LocalTime.of(2, 30), NEW_YORK),
                new Trigger.Weekly(Set.of(DayOfWeek.values()), LocalTime.of(2, 30), NEW_YORK),
                new Trigger.Cron("30 2 * * *", NEW_YORK),
                new Trigger.Cron("0 30 2 * * ?", NEW_YORK));
    }

    static List<Trigger> at0130() {
        return List.of(
                new Trigger.Daily(LocalTime.of(1, 30), NEW_YORK),
                new Trigger.Weekly(Set.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY), LocalTime.of(1, 30), NEW_YORK),
                new Trigger.Cron("30 1 * * *", NEW_YORK),
                new Trigger.Cron("0 30 1 * * ?", NEW_YORK));
    }

    @ParameterizedTest
    @MethodSource("at0230")
    void a_time_skipped_by_spring_forward_fires_once_at_the_end_of_the_gap(Trigger trigger) {
        List<ZonedDateTime> fires = firesBetween(trigger, at(SPRING_FORWARD.minusDays(1), 12, 0), 3);

        assertEquals(List.of(
                ZonedDateTime.of(SPRING_FORWARD, LocalTime.of(3, 0), NEW_YORK),
                ZonedDateTime.of(SPRING_FORWARD.plusDays(1), LocalTime.of(2, 30), NEW_YORK),
                ZonedDateTime.of(SPRING_FORWARD.plusDays(2), LocalTime.of(2, 30), NEW_YORK)), fires);
        assertEquals("-04:00", fires.get(0).getOffset().getId());
    }

    @ParameterizedTest
    @MethodSource("at0130")
    void a_time_repeated_by_fall_back_fires_once_at_its_first_occurrence(Trigger trigger) {
        List<ZonedDateTime> fires = firesBetween(trigger, at(FALL_BACK.minusDays(1), 12, 0), 2);

        assertEquals("2026-11-01T01:30-04:00", fires.get(0).toOffsetDateTime().toString());
        assertEquals("2026-11-02T01:30-05:00", fires.get(1).toOffsetDateTime().toString());
    }

    @ParameterizedTest
    @MethodSource("at0130")
    void asked_during_the_repeated_hour_it_does_not_fire_again_that_day(Trigger trigger) {
        ZonedDateTime secondPass = ZonedDateTime.ofStrict(FALL_BACK.atTime(1, 10),
                java.time.ZoneOffset.ofHours(-5), NEW_YORK);

        assertEquals("2026-11-02T01:30-05:00",
                trigger.nextFireAfter(secondPass).orElseThrow().toOffsetDateTime().toString());
    }

    @Test
    void cron_every_half_hour_fires_once_for_the_skipped_times_at_the_end_of_the_gap() {
        Trigger cron = new Trigger.Cron("*/30 * * * *", NEW_YORK);

        List<String> fires = offsets(firesBetween(cron, at(SPRING_FORWARD, 1, 15), 3));

        assertEquals(List.of("2026-03-08T01:30-05:00", "2026-03-08T03:00-04:00", "2026-03-08T03:30-04:00"), fires);
    }

    @Test
    void cron_every_half_hour_does_not_repeat_the_fall_back_hour() {
        Trigger cron = new Trigger.Cron("*/30 * * * *", NEW_YORK);

        List<String> fires = offsets(firesBetween(cron, at(FALL_BACK, 0, 15), 4));

        assertEquals(List.of("2026-11-01T00:30-04:00", "2026-11-01T01:00-04:00", "2026-11-01T01:30-04:00",
                "2026-11-01T02:00-05:00"), fires);
    }

    @Test
    void next_fire_is_strictly_after_the_given_instant() {
        Trigger daily = new Trigger.Daily(LocalTime.of(18, 30), NEW_YORK);
        Trigger cron = new Trigger.Cron("30 18 * * *", NEW_YORK);
        ZonedDateTime fireTime = at(LocalDate.of(2026, 6, 1), 18, 30);

        assertEquals(fireTime.plusDays(1), daily.nextFireAfter(fireTime).orElseThrow());
        assertEquals(fireTime.plusDays(1), cron.nextFireAfter(fireTime).orElseThrow());
    }

    @Test
    void weekly_fires_only_on_its_days() {
        Trigger weekly = new Trigger.Weekly(Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0), NEW_YORK);

        List<ZonedDateTime> fires = firesBetween(weekly, at(LocalDate.of(2026, 6, 1), 7, 0), 3);

        assertEquals(List.of(at(LocalDate.of(2026, 6, 5), 7, 0), at(LocalDate.of(2026, 6, 8), 7, 0),
                at(LocalDate.of(2026, 6, 12), 7, 0)), fires);
    }

    @Test
    void cron_is_evaluated_in_its_own_zone_and_answers_in_it() {
        Trigger london = new Trigger.Cron("0 9 * * *", ZoneId.of("Europe/London"));

        ZonedDateTime fire = london.nextFireAfter(at(LocalDate.of(2026, 6, 1), 12, 0)).orElseThrow();

        assertEquals("2026-06-02T09:00+01:00[Europe/London]", fire.toString());
    }

    @Test
    void quartz_and_unix_expressions_agree() {
        ZonedDateTime from = at(LocalDate.of(2026, 6, 1), 0, 0);

        assertEquals(new Trigger.Cron("15 8 * * MON-FRI", NEW_YORK).nextFireAfter(from),
                new Trigger.Cron("0 15 8 ? * MON-FRI", NEW_YORK).nextFireAfter(from));
    }

    @Test
    void rejects_an_invalid_cron_expression_when_built() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trigger.Cron("61 * * * *", NEW_YORK));

        assertEquals("Failed to parse cron expression. Value 61 not in range [0, 59]", e.getMessage());
    }

    @Test
    void rejects_a_cron_expression_with_the_wrong_number_of_fields() {
        assertEquals("expected 5 fields (Unix cron) or 6-7 fields (Quartz cron), got 3",
                CronExpressions.problem("* * *").orElseThrow());
    }

    private static ZonedDateTime at(LocalDate date, int hour, int minute) {
        return ZonedDateTime.of(date, LocalTime.of(hour, minute), NEW_YORK);
    }

    private static List<ZonedDateTime> firesBetween(Trigger trigger, ZonedDateTime from, int count) {
        List<ZonedDateTime> fires = new ArrayList<>();
        ZonedDateTime cursor = from;
        for (int i = 0; i < count; i++) {
            cursor = trigger.nextFireAfter(cursor).orElseThrow();
            fires.add(cursor);
        }
        return fires;
    }

    private static List<String> offsets(List<ZonedDateTime> times) {
        return times.stream().map(t -> t.toOffsetDateTime().toString()).toList();
    }
}
