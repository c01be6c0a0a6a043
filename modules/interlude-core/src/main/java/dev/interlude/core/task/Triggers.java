package dev.interlude.core.task;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;
import java.util.Set;

/**
 * The arithmetic behind {@link Trigger}: DST-correct fire times. Clock triggers (daily, weekly, cron) all follow one
 * rule, whatever the zone's transitions: each matching wall-clock time fires once. A time skipped by a spring-forward
 * gap fires at the end of the gap (a 02:30 trigger fires at 03:00, and several skipped times fire there once); a time
 * repeated by a fall-back overlap fires at its first occurrence only (a 01:30 trigger fires at 01:30 EDT, not again at
 * 01:30 EST).
 *
 * <p>Matching is done on local date-times, never on instants, so the rule does not depend on how cron-utils treats
 * transitions: cron expressions are evaluated against the wall clock (as if in a zone without DST) and the result is
 * mapped to an instant by {@link #resolve(LocalDateTime, ZoneId)}.
 */
final class Triggers {

    private Triggers() {
    }

    /**
     * The cron's first fire strictly after {@code after}. Fire times are whole seconds of the expression's grid: a
     * run that started late, at 10:00:00.830 for the 10:00:00 fire of an every-second cron, is next due at 10:00:01,
     * not at 10:00:01.830 (cron-utils keeps the fraction of the second it is asked after), so lateness never adds up.
     */
    static Optional<ZonedDateTime> cronNextFireAfter(Trigger.Cron cron, ZonedDateTime after) {
        LocalDateTime cursor = wallClockCursor(after, cron.zone()).truncatedTo(ChronoUnit.SECONDS);
        return CronExpressions.schedule(cron.expression())
                .nextAfter(cursor)
                .map(wallClock -> resolve(wallClock, cron.zone()));
    }

    static Optional<ZonedDateTime> dailyNextFireAfter(LocalTime at, Set<DayOfWeek> days, ZoneId zone, ZonedDateTime after) {
        if (days.isEmpty()) {
            return Optional.empty();
        }
        LocalDateTime cursor = wallClockCursor(after, zone);
        LocalDateTime candidate = cursor.toLocalDate().atTime(at);
        if (!candidate.isAfter(cursor)) {
            candidate = candidate.plusDays(1);
        }
        while (!days.contains(candidate.getDayOfWeek())) {
            candidate = candidate.plusDays(1);
        }
        return Optional.of(resolve(candidate, zone));
    }

    /**
     * For clock triggers: the first fire time after the last start (or, for a task that never started, at or after
     * the start of the current trading cycle). The task is due since it if it is not after {@code now}; otherwise it
     * is the next fire time, the same one {@link Trigger#nextFireAfter} gives after the last start (or after now, for
     * a task that never started), as no fire time lies between the anchor and now.
     */
    static Due clockDue(Trigger trigger, Optional<Instant> lastStarted, Instant now, TriggerContext context) {
        ZoneId zone = context.zone();
        ZonedDateTime anchor = lastStarted
                .map(i -> i.atZone(zone))
                .orElseGet(() -> context.cycle().start().withZoneSameInstant(zone).minusNanos(1));
        Optional<ZonedDateTime> fire = trigger.nextFireAfter(anchor);
        if (fire.isEmpty()) {
            return Due.never();
        }
        Instant at = fire.get().toInstant();
        return at.isAfter(now) ? Due.notBefore(at) : Due.since(at);
    }

    /**
     * An interval's first fire time at least half an interval after {@code lastStarted}, on the grid that starts at
     * {@code cycleStart} and repeats every {@code every} of elapsed time (so across a DST change too). A run that
     * starts late keeps the grid (every 15 minutes from 08:00, a run started at 09:15:00.300 is next due at 09:30);
     * one that started off the grid (on request, or its first run of the cycle) is not due again moments later.
     * A last start before the cycle (or half an interval before it) makes the cycle's start the next fire.
     */
    static Instant intervalNextFire(Duration every, Instant cycleStart, Instant lastStarted) {
        Instant earliest = lastStarted.plus(every.dividedBy(2));
        if (!earliest.isAfter(cycleStart)) {
            return cycleStart;
        }
        long slots = Duration.between(cycleStart, earliest).dividedBy(every);
        Instant slot = cycleStart.plus(every.multipliedBy(slots));
        return slot.isBefore(earliest) ? slot.plus(every) : slot;
    }

    /**
     * The wall-clock time from which the next match is searched (strictly after it). Inside the second pass of a
     * fall-back overlap, every wall-clock time of the overlap has already had its (first) occurrence, so the search
     * resumes where the overlap ends.
     */
    static LocalDateTime wallClockCursor(ZonedDateTime after, ZoneId zone) {
        ZonedDateTime local = after.withZoneSameInstant(zone);
        LocalDateTime wallClock = local.toLocalDateTime();
        ZoneOffsetTransition transition = zone.getRules().getTransition(wallClock);
        boolean secondPassOfOverlap = transition != null && transition.isOverlap()
                && local.getOffset().equals(transition.getOffsetAfter());
        return secondPassOfOverlap ? transition.getDateTimeBefore().minusNanos(1) : wallClock;
    }

    /** The instant a wall-clock fire time means: the end of a gap it falls in, the first of two it could mean. */
    static ZonedDateTime resolve(LocalDateTime wallClock, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        ZoneOffsetTransition transition = rules.getTransition(wallClock);
        if (transition != null && transition.isGap()) {
            return transition.getInstant().atZone(zone);
        }
        return ZonedDateTime.ofLocal(wallClock, zone, transition == null ? null : transition.getOffsetBefore());
    }
}
