package dev.interlude.core.task;

import com.cronutils.model.Cron;
import com.cronutils.model.field.CronField;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.constraint.FieldConstraints;
import com.cronutils.model.field.definition.DayOfWeekFieldDefinition;
import com.cronutils.model.field.definition.FieldDefinition;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.And;
import com.cronutils.model.field.expression.Between;
import com.cronutils.model.field.expression.Every;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.field.expression.On;
import com.cronutils.model.field.expression.QuestionMark;
import com.cronutils.model.field.value.FieldValue;
import com.cronutils.model.field.value.IntegerFieldValue;
import com.cronutils.model.field.value.SpecialChar;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * A cron expression compiled to bit masks, one per field, for the plain subset of cron: numbers and names, ranges,
 * steps, lists, {@code *} and {@code ?}. It answers the same question as cron-utils' {@code
 * ExecutionTime.nextExecution} on a wall-clock date-time (see {@link Triggers}), with the same answer, in well under
 * a microsecond instead of tens of microseconds.
 *
 * <p>cron-utils stays the parser and the validator: {@link #compile(Cron)} walks its model, and declines (returns
 * empty, so the caller keeps using cron-utils) anything outside the plain subset: {@code L}, {@code W}, {@code LW},
 * {@code #}, a Quartz year field other than {@code *}, wrap-around ranges, and expressions that restrict both the
 * day of month and the day of week (where dialects disagree on whether the two combine by "or" or by "and").
 *
 * <p>Bit {@code n} of a mask is set when value {@code n} matches: seconds 0-59 (always just 0 for Unix cron), minutes
 * 0-59, hours 0-23, days of month 1-31, months 1-12, days of week 1-7 in ISO numbering (Monday 1 ... Sunday 7),
 * whatever the dialect's own numbering.
 */
final class FastCron {

    /**
     * How far ahead a next fire time is looked for: an expression that matches nothing within this span (30 February,
     * 31 April) never fires. Ten years covers the longest gap between two 29 Februaries (eight years, around 2100).
     */
    static final int SEARCH_YEARS = 10;

    private final long seconds;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;
    private final int firstSecond;
    private final int firstMinute;

    private FastCron(long seconds, long minutes, long hours, long daysOfMonth, long months, long daysOfWeek,
                     boolean dayOfMonthRestricted, boolean dayOfWeekRestricted) {
        this.seconds = seconds;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.dayOfMonthRestricted = dayOfMonthRestricted;
        this.dayOfWeekRestricted = dayOfWeekRestricted;
        this.firstSecond = Long.numberOfTrailingZeros(seconds);
        this.firstMinute = Long.numberOfTrailingZeros(minutes);
    }

    /** The compiled form of a parsed expression, or empty if it uses more than the plain subset. */
    static Optional<FastCron> compile(Cron cron) {
        Map<CronFieldName, CronField> fields = cron.retrieveFieldsAsMap();
        for (Map.Entry<CronFieldName, CronField> field : fields.entrySet()) {
            switch (field.getKey()) {
                case SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK -> { }
                default -> {
                    // the Quartz year (and any other field) is supported only when unrestricted
                    if (!isUnrestricted(field.getValue().getExpression())) {
                        return Optional.empty();
                    }
                }
            }
        }
        CronField dayOfMonth = fields.get(CronFieldName.DAY_OF_MONTH);
        CronField dayOfWeek = fields.get(CronFieldName.DAY_OF_WEEK);
        if (fields.get(CronFieldName.MINUTE) == null || fields.get(CronFieldName.HOUR) == null || dayOfMonth == null
                || fields.get(CronFieldName.MONTH) == null || dayOfWeek == null) {
            return Optional.empty();
        }
        boolean dayOfMonthRestricted = !isUnrestricted(dayOfMonth.getExpression());
        boolean dayOfWeekRestricted = !isUnrestricted(dayOfWeek.getExpression());
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return Optional.empty();
        }
        OptionalMask second = fields.containsKey(CronFieldName.SECOND)
                ? mask(fields.get(CronFieldName.SECOND)) : OptionalMask.of(1L); // Unix cron fires at second 0
        OptionalMask minute = mask(fields.get(CronFieldName.MINUTE));
        OptionalMask hour = mask(fields.get(CronFieldName.HOUR));
        OptionalMask day = mask(dayOfMonth);
        OptionalMask month = mask(fields.get(CronFieldName.MONTH));
        OptionalMask weekday = mask(dayOfWeek);
        if (second.none() || minute.none() || hour.none() || day.none() || month.none() || weekday.none()) {
            return Optional.empty();
        }
        Optional<Integer> monday = mondayValue(cron);
        if (monday.isEmpty()) {
            return Optional.empty();
        }
        long isoWeekdays = toIsoWeekdays(weekday.bits, monday.get());
        if (second.bits == 0 || minute.bits == 0 || hour.bits == 0 || day.bits == 0 || month.bits == 0
                || isoWeekdays == 0) {
            return Optional.empty();
        }
        return Optional.of(new FastCron(second.bits, minute.bits, hour.bits, day.bits, month.bits, isoWeekdays,
                dayOfMonthRestricted, dayOfWeekRestricted));
    }

    /**
     * The next match strictly after {@code cursor}, exactly as cron-utils' {@code nextExecution} answers it for the
     * same expression on the same date-time, or empty if there is none within {@link #SEARCH_YEARS} years.
     *
     * <p>cron-utils keeps the cursor's fraction of a second in one case, and so does this: when the cursor's own
     * second matches and so does the next one, the answer is the cursor plus one second (an every-second Quartz
     * expression asked after 08:00:00.5 answers 08:00:01.5). Every other answer is a whole second.
     */
    Optional<LocalDateTime> nextAfter(LocalDateTime cursor) {
        LocalDateTime second = cursor.truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime nextSecond = second.plusSeconds(1);
        if (matches(second) && matches(nextSecond)) {
            return Optional.of(cursor.plusSeconds(1));
        }
        return firstMatchFrom(nextSecond);
    }

    /** Whether a whole second matches every field. */
    boolean matches(LocalDateTime t) {
        return has(seconds, t.getSecond()) && has(minutes, t.getMinute()) && has(hours, t.getHour())
                && dateMatches(t.toLocalDate());
    }

    private boolean dateMatches(LocalDate date) {
        return has(months, date.getMonthValue())
                && (!dayOfMonthRestricted || has(daysOfMonth, date.getDayOfMonth()))
                && (!dayOfWeekRestricted || has(daysOfWeek, date.getDayOfWeek().getValue()));
    }

    /** The first match at or after {@code from} (a whole second). */
    private Optional<LocalDateTime> firstMatchFrom(LocalDateTime from) {
        LocalDate limit = from.toLocalDate().plusYears(SEARCH_YEARS);
        LocalDate day = from.toLocalDate();
        int hour = from.getHour();
        int minute = from.getMinute();
        int second = from.getSecond();
        while (true) {
            LocalDate matching = nextMatchingDay(day, limit);
            if (matching == null) {
                return Optional.empty();
            }
            if (!matching.equals(day)) {
                hour = 0;
                minute = 0;
                second = 0;
            }
            int secondOfDay = firstTimeFrom(hour, minute, second);
            if (secondOfDay >= 0) {
                return Optional.of(matching.atTime(secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60));
            }
            day = matching.plusDays(1);
            hour = 0;
            minute = 0;
            second = 0;
        }
    }

    /** The first matching day at or after {@code day}, or null if it is after {@code limit}. */
    private LocalDate nextMatchingDay(LocalDate day, LocalDate limit) {
        LocalDate d = day;
        while (!d.isAfter(limit)) {
            int month = d.getMonthValue();
            if (!has(months, month)) {
                d = firstOfNextMatchingMonth(d);
                continue;
            }
            int dayOfMonth = d.getDayOfMonth();
            int length = d.lengthOfMonth();
            if (dayOfMonthRestricted) {
                int next = next(daysOfMonth, dayOfMonth);
                if (next < 0 || next > length) {
                    d = firstOfNextMatchingMonth(d);
                    continue;
                }
                return next == dayOfMonth ? d : d.withDayOfMonth(next);
            }
            if (dayOfWeekRestricted) {
                int weekday = d.getDayOfWeek().getValue();
                int ahead = 0;
                while (!has(daysOfWeek, (weekday - 1 + ahead) % 7 + 1)) {
                    ahead++;
                }
                if (dayOfMonth + ahead > length) {
                    d = firstOfNextMatchingMonth(d);
                    continue;
                }
                return ahead == 0 ? d : d.plusDays(ahead);
            }
            return d;
        }
        return null;
    }

    private LocalDate firstOfNextMatchingMonth(LocalDate d) {
        int next = next(months, d.getMonthValue() + 1);
        return next < 0
                ? LocalDate.of(d.getYear() + 1, Long.numberOfTrailingZeros(months), 1)
                : LocalDate.of(d.getYear(), next, 1);
    }

    /** The first matching time of day at or after hour:minute:second, as a second of the day, or -1 if none. */
    private int firstTimeFrom(int hour, int minute, int second) {
        int h = next(hours, hour);
        if (h < 0) {
            return -1;
        }
        if (h == hour) {
            int m = next(minutes, minute);
            if (m == minute) {
                int s = next(seconds, second);
                if (s >= 0) {
                    return h * 3600 + m * 60 + s;
                }
                m = next(minutes, minute + 1);
            }
            if (m >= 0) {
                return h * 3600 + m * 60 + firstSecond;
            }
            h = next(hours, hour + 1);
            if (h < 0) {
                return -1;
            }
        }
        return h * 3600 + firstMinute * 60 + firstSecond;
    }

    private static boolean has(long mask, int value) {
        return (mask & (1L << value)) != 0;
    }

    /** The lowest set bit at or above {@code from}, or -1. */
    private static int next(long mask, int from) {
        if (from >= 64) {
            return -1;
        }
        long rest = mask & (-1L << from);
        return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
    }

    private static boolean isUnrestricted(FieldExpression expression) {
        return expression instanceof Always || expression instanceof QuestionMark;
    }

    /** The dialect's value for Monday in the day-of-week field (1 in Unix cron, 2 in Quartz). */
    private static Optional<Integer> mondayValue(Cron cron) {
        FieldDefinition definition = cron.getCronDefinition().getFieldDefinition(CronFieldName.DAY_OF_WEEK);
        if (definition instanceof DayOfWeekFieldDefinition weekDefinition) {
            return Optional.of(weekDefinition.getMondayDoWValue().getMondayDoWValue());
        }
        return Optional.empty();
    }

    /** Dialect day-of-week values to ISO (Monday 1 ... Sunday 7); Unix 0 and 7 both become Sunday. */
    private static long toIsoWeekdays(long dialectBits, int monday) {
        long iso = 0;
        for (int value = 0; value < 64; value++) {
            if (has(dialectBits, value)) {
                iso |= 1L << (Math.floorMod(value - monday, 7) + 1);
            }
        }
        return iso;
    }

    /** The values a field's expression matches, in the dialect's numbering; none if outside the plain subset. */
    private static OptionalMask mask(CronField field) {
        FieldConstraints constraints = field.getConstraints();
        int start = constraints.getStartRange();
        int end = constraints.getEndRange();
        if (start < 0 || end > 63 || start > end) {
            return OptionalMask.NONE;
        }
        return mask(field.getExpression(), start, end);
    }

    private static OptionalMask mask(FieldExpression expression, int start, int end) {
        if (expression instanceof Always || expression instanceof QuestionMark) {
            return OptionalMask.of(range(start, end, 1));
        }
        if (expression instanceof On on) {
            if (on.getSpecialChar().getValue() != SpecialChar.NONE) {
                return OptionalMask.NONE;
            }
            int value = on.getTime().getValue();
            return value < start || value > end ? OptionalMask.NONE : OptionalMask.of(1L << value);
        }
        if (expression instanceof Between between) {
            int[] bounds = bounds(between, start, end);
            return bounds == null ? OptionalMask.NONE : OptionalMask.of(range(bounds[0], bounds[1], 1));
        }
        if (expression instanceof Every every) {
            int period = every.getPeriod().getValue();
            if (period < 1) {
                return OptionalMask.NONE;
            }
            FieldExpression from = every.getExpression();
            if (from instanceof Always) {
                return OptionalMask.of(range(start, end, period));
            }
            if (from instanceof On on && on.getSpecialChar().getValue() == SpecialChar.NONE) {
                int first = on.getTime().getValue();
                return first < start || first > end ? OptionalMask.NONE : OptionalMask.of(range(first, end, period));
            }
            if (from instanceof Between between) {
                int[] bounds = bounds(between, start, end);
                return bounds == null ? OptionalMask.NONE : OptionalMask.of(range(bounds[0], bounds[1], period));
            }
            return OptionalMask.NONE;
        }
        if (expression instanceof And and) {
            long bits = 0;
            for (FieldExpression part : and.getExpressions()) {
                OptionalMask partMask = mask(part, start, end);
                if (partMask.none()) {
                    return OptionalMask.NONE;
                }
                bits |= partMask.bits;
            }
            return OptionalMask.of(bits);
        }
        return OptionalMask.NONE;
    }

    /** A range's bounds, or null for anything but a plain ascending range of numbers within the field. */
    private static int[] bounds(Between between, int start, int end) {
        FieldValue<?> from = between.getFrom();
        FieldValue<?> to = between.getTo();
        if (!(from instanceof IntegerFieldValue f) || !(to instanceof IntegerFieldValue t)) {
            return null;
        }
        int low = f.getValue();
        int high = t.getValue();
        return low < start || high > end || low > high ? null : new int[] {low, high};
    }

    private static long range(int from, int to, int step) {
        long bits = 0;
        for (int value = from; value <= to; value += step) {
            bits |= 1L << value;
        }
        return bits;
    }

    /** A field's mask, or none when the field is outside the plain subset. */
    private record OptionalMask(long bits, boolean present) {
        static final OptionalMask NONE = new OptionalMask(0, false);

        static OptionalMask of(long bits) {
            return new OptionalMask(bits, true);
        }

        boolean none() {
            return !present;
        }
    }
}
