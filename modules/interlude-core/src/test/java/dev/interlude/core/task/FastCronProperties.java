package dev.interlude.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The compiled cron evaluator answers exactly what cron-utils answers, for random expressions in the plain subset
 * (Unix and Quartz, numbers and names, ranges, steps, lists) and random instants from 2000 to 2030, asked on the
 * wall-clock cursor {@link Triggers} computes for New York and for UTC.
 */
class FastCronProperties {

    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("America/New_York"), ZoneOffset.UTC);
    private static final long FROM = LocalDateTime.of(2000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long TO = LocalDateTime.of(2030, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    @Property(tries = 3000)
    void the_compiled_next_fire_is_cron_utils_next_fire(@ForAll("expressions") String expression,
                                                         @ForAll("instants") Instant instant,
                                                         @ForAll("zones") ZoneId zone) {
        Assume.that(CronExpressions.problem(expression).isEmpty());
        CronSchedule schedule = CronExpressions.schedule(expression);
        assertTrue(schedule.compiled().isPresent(), () -> expression + " should compile");
        LocalDateTime cursor = Triggers.wallClockCursor(instant.atZone(zone), zone);
        // three successive fires, to also cover cursors sitting exactly on a fire time
        for (int i = 0; i < 3; i++) {
            Optional<LocalDateTime> fast = schedule.nextAfter(cursor);
            Optional<LocalDateTime> slow = schedule.viaCronUtils(cursor);
            LocalDateTime at = cursor;
            assertEquals(slow, fast, () -> expression + " after " + at);
            if (fast.isEmpty()) {
                return;
            }
            cursor = fast.get();
        }
    }

    @Property(tries = 500)
    void a_compiled_cron_trigger_fires_when_cron_utils_says(@ForAll("expressions") String expression,
                                                            @ForAll("instants") Instant instant,
                                                            @ForAll("zones") ZoneId zone) {
        Assume.that(CronExpressions.problem(expression).isEmpty());
        ZonedDateTime after = instant.atZone(zone);
        // a cron trigger's fire times are whole seconds: it asks after the second it is in
        LocalDateTime cursor = Triggers.wallClockCursor(after, zone).truncatedTo(ChronoUnit.SECONDS);
        Optional<ZonedDateTime> viaCronUtils = CronExpressions.schedule(expression).viaCronUtils(cursor)
                .map(wallClock -> Triggers.resolve(wallClock, zone));

        assertEquals(viaCronUtils, new Trigger.Cron(expression, zone).nextFireAfter(after));
    }

    @Provide
    Arbitrary<String> expressions() {
        return Arbitraries.oneOf(unix(), quartz());
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(FROM, TO);
        Arbitrary<Integer> nanos = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.integers().between(0, 999_999_999)),
                Tuple.of(1, Arbitraries.just(999_999_999)));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES);
    }

    /** {@code minute hour day-of-month month day-of-week}; at most one of the two day fields restricted. */
    private static Arbitrary<String> unix() {
        Arbitrary<String> minute = field(0, 59, List.of());
        Arbitrary<String> hour = field(0, 23, List.of());
        Arbitrary<String> dayOfMonth = field(1, 31, List.of());
        Arbitrary<String> month = field(1, 12, MONTHS);
        Arbitrary<String> dayOfWeek = field(0, 7, DAYS);
        Arbitrary<String> days = Arbitraries.oneOf(
                dayOfMonth.map(d -> d + " %s *"),
                dayOfWeek.map(w -> "* %s " + w),
                Arbitraries.just("* %s *"));
        return Combinators.combine(minute, hour, days, month)
                .as((m, h, d, mo) -> m + " " + h + " " + String.format(d, mo));
    }

    /** {@code second minute hour day-of-month month day-of-week [*]}, {@code ?} in one day field. */
    private static Arbitrary<String> quartz() {
        Arbitrary<String> second = field(0, 59, List.of());
        Arbitrary<String> minute = field(0, 59, List.of());
        Arbitrary<String> hour = field(0, 23, List.of());
        Arbitrary<String> dayOfMonth = field(1, 31, List.of());
        Arbitrary<String> month = field(1, 12, MONTHS);
        Arbitrary<String> dayOfWeek = field(1, 7, DAYS);
        Arbitrary<String> days = Arbitraries.oneOf(
                dayOfMonth.map(d -> d + " %s ?"),
                dayOfWeek.map(w -> "? %s " + w),
                Arbitraries.of("* %s ?", "? %s *"));
        Arbitrary<String> year = Arbitraries.of("", " *");
        return Combinators.combine(second, minute, hour, days, month, year)
                .as((s, m, h, d, mo, y) -> s + " " + m + " " + h + " " + String.format(d, mo) + y);
    }

    /**
     * One field: {@code *}, a value, a range, a step from {@code *}, a value or a range, or a list of those; values
     * sometimes by name ({@code names.get(0)} is {@code low}'s name).
     */
    private static Arbitrary<String> field(int low, int high, List<String> names) {
        Arbitrary<String> single = single(low, high, names);
        Arbitrary<String> list = single.list().ofMinSize(2).ofMaxSize(4).map(parts -> String.join(",", parts));
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just("*")),
                Tuple.of(6, single),
                Tuple.of(2, list));
    }

    private static Arbitrary<String> single(int low, int high, List<String> names) {
        Arbitrary<Integer> values = Arbitraries.integers().between(low, high);
        Arbitrary<Integer> steps = Arbitraries.integers().between(1, high - low);
        Arbitrary<String> value = values.flatMap(v -> token(v, low, names));
        Arbitrary<String> range = Combinators.combine(values, values).as(List::of).flatMap(pair -> Combinators
                .combine(token(Math.min(pair.get(0), pair.get(1)), low, names),
                        token(Math.max(pair.get(0), pair.get(1)), low, names))
                .as((from, to) -> from + "-" + to));
        return Arbitraries.oneOf(
                value,
                range,
                steps.map(p -> "*/" + p),
                Combinators.combine(values, steps).as((v, p) -> v + "/" + p),
                Combinators.combine(range, steps).as((r, p) -> r + "/" + p));
    }

    /** A value as a number, or by name when the field has one for it ({@code names.get(0)} is {@code low}'s). */
    private static Arbitrary<String> token(int value, int low, List<String> names) {
        int index = value - low;
        return index < names.size()
                ? Arbitraries.of(Integer.toString(value), names.get(index))
                : Arbitraries.just(Integer.toString(value));
    }
}
