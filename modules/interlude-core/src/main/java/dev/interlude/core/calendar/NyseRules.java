package dev.interlude.core.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The New York Stock Exchange's holiday and early-close rules, as the exchange published them for 2000 to 2030.
 *
 * <p>Full closures: New Year's Day (on a Sunday observed Monday; on a Saturday not observed), Martin Luther King Jr.
 * Day (third Monday of January, since 1998), Washington's Birthday (third Monday of February), Good Friday, Memorial
 * Day (last Monday of May), Juneteenth (June 19, since 2022), Independence Day, Labor Day (first Monday of
 * September), Thanksgiving Day (fourth Thursday of November) and Christmas Day. Juneteenth, Independence Day and
 * Christmas Day falling on a Saturday are observed the Friday before, on a Sunday the Monday after. One-off closures:
 * the September 11 attacks (2001-09-11 to 14), the national days of mourning for Presidents Reagan (2004-06-11), Ford
 * (2007-01-02), George H. W. Bush (2018-12-05) and Carter (2025-01-09), and Hurricane Sandy (2012-10-29 and 30).
 *
 * <p>Early closes (13:00): July 3 when it is a Monday, Tuesday or Thursday, and when it is a Wednesday from 2013 on;
 * before 2013, July 5 when it is a Friday instead; the day after Thanksgiving; Christmas Eve on a Monday to Thursday;
 * and the one-off Friday 2003-12-26 (day after Christmas).
 *
 * <p>Each year's dates are computed once and kept, so asking about any date is a map lookup.
 */
public final class NyseRules {

    private static final Map<LocalDate, String> ONE_OFF_CLOSURES = Map.ofEntries(
            Map.entry(LocalDate.of(2001, 9, 11), "September 11 attacks"),
            Map.entry(LocalDate.of(2001, 9, 12), "September 11 attacks"),
            Map.entry(LocalDate.of(2001, 9, 13), "September 11 attacks"),
            Map.entry(LocalDate.of(2001, 9, 14), "September 11 attacks"),
            Map.entry(LocalDate.of(2004, 6, 11), "National day of mourning for President Ronald Reagan"),
            Map.entry(LocalDate.of(2007, 1, 2), "National day of mourning for President Gerald R. Ford"),
            Map.entry(LocalDate.of(2012, 10, 29), "Hurricane Sandy"),
            Map.entry(LocalDate.of(2012, 10, 30), "Hurricane Sandy"),
            Map.entry(LocalDate.of(2018, 12, 5), "National day of mourning for President George H. W. Bush"),
            Map.entry(LocalDate.of(2025, 1, 9), "National day of mourning for President Jimmy Carter"));

    private static final Map<LocalDate, String> ONE_OFF_EARLY_CLOSES = Map.of(
            LocalDate.of(2003, 12, 26), "Day after Christmas");

    private static final int MLK_DAY_SINCE = 1998;
    private static final int JUNETEENTH_SINCE = 2022;
    private static final int WEDNESDAY_JULY_3_EARLY_CLOSE_SINCE = 2013;

    private final Map<Integer, Year> years = new ConcurrentHashMap<>();

    /** The name of the closure on {@code date} ("Good Friday", "Christmas Day (observed)"), if the market is closed. */
    public Optional<String> holiday(LocalDate date) {
        return Optional.ofNullable(year(date.getYear()).holidays().get(date));
    }

    /** Why the market closes early on {@code date} ("Day after Thanksgiving"), if it does. */
    public Optional<String> earlyClose(LocalDate date) {
        return Optional.ofNullable(year(date.getYear()).earlyCloses().get(date));
    }

    /** Every weekday closure of {@code year} with its name, in date order. */
    public NavigableMap<LocalDate, String> holidays(int year) {
        return year(year).holidays();
    }

    /** Every early close of {@code year} with its reason, in date order. */
    public NavigableMap<LocalDate, String> earlyCloses(int year) {
        return year(year).earlyCloses();
    }

    /** Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm). */
    public static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    private Year year(int year) {
        return years.computeIfAbsent(year, NyseRules::computeYear);
    }

    private static Year computeYear(int year) {
        NavigableMap<LocalDate, String> holidays = holidaysOf(year);
        NavigableMap<LocalDate, String> earlyCloses = earlyClosesOf(year);
        earlyCloses.keySet().removeAll(holidays.keySet());
        return new Year(Collections.unmodifiableNavigableMap(holidays),
                Collections.unmodifiableNavigableMap(earlyCloses));
    }

    private static NavigableMap<LocalDate, String> holidaysOf(int year) {
        NavigableMap<LocalDate, String> days = new TreeMap<>();
        LocalDate newYear = LocalDate.of(year, Month.JANUARY, 1);
        if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
            observeSundayOnMonday(days, newYear, "New Year's Day");
        }
        if (year >= MLK_DAY_SINCE) {
            days.put(nthWeekday(year, Month.JANUARY, 3, DayOfWeek.MONDAY), "Martin Luther King Jr. Day");
        }
        days.put(nthWeekday(year, Month.FEBRUARY, 3, DayOfWeek.MONDAY), "Washington's Birthday");
        days.put(easterSunday(year).minusDays(2), "Good Friday");
        days.put(LocalDate.of(year, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                "Memorial Day");
        if (year >= JUNETEENTH_SINCE) {
            observeNearestWeekday(days, LocalDate.of(year, Month.JUNE, 19), "Juneteenth National Independence Day");
        }
        observeNearestWeekday(days, LocalDate.of(year, Month.JULY, 4), "Independence Day");
        days.put(nthWeekday(year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY), "Labor Day");
        days.put(thanksgiving(year), "Thanksgiving Day");
        observeNearestWeekday(days, LocalDate.of(year, Month.DECEMBER, 25), "Christmas Day");
        ONE_OFF_CLOSURES.forEach((date, name) -> putIfInYear(days, year, date, name));
        return days;
    }

    private static NavigableMap<LocalDate, String> earlyClosesOf(int year) {
        NavigableMap<LocalDate, String> days = new TreeMap<>();
        LocalDate july3 = LocalDate.of(year, Month.JULY, 3);
        if (isJuly3EarlyClose(july3)) {
            days.put(july3, "Day before Independence Day");
        }
        LocalDate july5 = LocalDate.of(year, Month.JULY, 5);
        if (july5.getDayOfWeek() == DayOfWeek.FRIDAY && year < WEDNESDAY_JULY_3_EARLY_CLOSE_SINCE) {
            days.put(july5, "Day after Independence Day");
        }
        days.put(thanksgiving(year).plusDays(1), "Day after Thanksgiving");
        LocalDate christmasEve = LocalDate.of(year, Month.DECEMBER, 24);
        if (christmasEve.getDayOfWeek().compareTo(DayOfWeek.THURSDAY) <= 0) {
            days.put(christmasEve, "Christmas Eve");
        }
        ONE_OFF_EARLY_CLOSES.forEach((date, reason) -> putIfInYear(days, year, date, reason));
        return days;
    }

    private static boolean isJuly3EarlyClose(LocalDate july3) {
        return switch (july3.getDayOfWeek()) {
            case MONDAY, TUESDAY, THURSDAY -> true;
            case WEDNESDAY -> july3.getYear() >= WEDNESDAY_JULY_3_EARLY_CLOSE_SINCE;
            default -> false;
        };
    }

    private static void observeSundayOnMonday(Map<LocalDate, String> days, LocalDate date, String name) {
        if (date.getDayOfWeek() == DayOfWeek.SUNDAY) {
            days.put(date.plusDays(1), name + " (observed)");
        } else {
            days.put(date, name);
        }
    }

    private static void observeNearestWeekday(Map<LocalDate, String> days, LocalDate date, String name) {
        switch (date.getDayOfWeek()) {
            case SATURDAY -> days.put(date.minusDays(1), name + " (observed)");
            case SUNDAY -> days.put(date.plusDays(1), name + " (observed)");
            default -> days.put(date, name);
        }
    }

    private static void putIfInYear(Map<LocalDate, String> days, int year, LocalDate date, String name) {
        if (date.getYear() == year) {
            days.put(date, name);
        }
    }

    private static LocalDate thanksgiving(int year) {
        return nthWeekday(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY);
    }

    private static LocalDate nthWeekday(int year, Month month, int n, DayOfWeek weekday) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, weekday));
    }

    private record Year(NavigableMap<LocalDate, String> holidays, NavigableMap<LocalDate, String> earlyCloses) {
    }
}
