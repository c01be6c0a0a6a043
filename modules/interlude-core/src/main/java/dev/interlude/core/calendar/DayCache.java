package dev.interlude.core.calendar;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Computes a calendar's days a whole year at a time, once, so that every later lookup is an array index. */
final class DayCache {

    private final Function<LocalDate, CalendarDay> compute;
    private final Map<Integer, CalendarDay[]> years = new ConcurrentHashMap<>();

    DayCache(Function<LocalDate, CalendarDay> compute) {
        this.compute = compute;
    }

    CalendarDay day(LocalDate date) {
        return years.computeIfAbsent(date.getYear(), this::computeYear)[date.getDayOfYear() - 1];
    }

    private CalendarDay[] computeYear(int year) {
        LocalDate first = LocalDate.ofYearDay(year, 1);
        CalendarDay[] days = new CalendarDay[first.lengthOfYear()];
        for (int i = 0; i < days.length; i++) {
            days[i] = compute.apply(first.plusDays(i));
        }
        return days;
    }
}
