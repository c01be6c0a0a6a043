package dev.interlude.core.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a market (or any business) is open. Every implementation answers in its own zone; callers never convert.
 *
 * <p>A trading day is a date with a {@link Session}. A date without one is closed: a weekend day, a holiday or a
 * one-off closure; {@link #day(LocalDate)} says which, with the reason an operator reads.
 */
public interface TradingCalendar {

    /** Short identifier, e.g. {@code XNYS}. */
    String id();

    /** The zone every session time is expressed in. */
    ZoneId zone();

    /** What the calendar says about one date: a regular session, an early close, or a closure with its reason. */
    CalendarDay day(LocalDate date);

    default boolean isTradingDay(LocalDate date) {
        return day(date).isTradingDay();
    }

    default Optional<Session> session(LocalDate date) {
        return day(date).session();
    }

    /** The first trading day strictly after {@code date}. */
    default LocalDate nextTradingDay(LocalDate date) {
        LocalDate d = date.plusDays(1);
        for (int i = 0; i < 3660; i++, d = d.plusDays(1)) {
            if (isTradingDay(d)) {
                return d;
            }
        }
        throw new IllegalStateException(id() + " has no trading day within ten years after " + date);
    }

    /** The last trading day strictly before {@code date}. */
    default LocalDate previousTradingDay(LocalDate date) {
        LocalDate d = date.minusDays(1);
        for (int i = 0; i < 3660; i++, d = d.minusDays(1)) {
            if (isTradingDay(d)) {
                return d;
            }
        }
        throw new IllegalStateException(id() + " has no trading day within ten years before " + date);
    }

    /** Sessions of every trading day from {@code from} to {@code to}, both inclusive, in date order. */
    default List<Session> sessionsBetween(LocalDate from, LocalDate to) {
        List<Session> sessions = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            day(d).session().ifPresent(sessions::add);
        }
        return sessions;
    }

    /**
     * Every weekday in the range (both inclusive) that is not a regular full session: closures and early closes.
     * This is what {@code interlude calendar} prints.
     */
    default List<CalendarDay> exceptionsBetween(LocalDate from, LocalDate to) {
        List<CalendarDay> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            CalendarDay day = day(d);
            if (day.status() != CalendarDay.Status.REGULAR) {
                days.add(day);
            }
        }
        return days;
    }
}
