package dev.interlude.core.task;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When a task becomes due. A trigger is asked two things:
 * <ul>
 *   <li>{@link #nextFireAfter(ZonedDateTime)}: the next fire time strictly after an instant (for display and
 *       simulations); DST-correct: a 02:30 daily trigger fires at 03:00 on the spring-forward day, and once on the
 *       fall-back day;</li>
 *   <li>{@link #due(Optional, Instant, TriggerContext)}: whether the task is due now, given when it last started,
 *       and since when (the planner's age boost counts from there), or else when it will next be due; one
 *       evaluation answers both, so a planner need not ask a trigger twice.</li>
 * </ul>
 * A task that never started is due if its trigger fired within the current trading cycle.
 */
public sealed interface Trigger {

    /** The trigger type as written in the catalog. */
    String type();

    /** The next fire time strictly after {@code after}, or empty if this trigger never fires on its own. */
    Optional<ZonedDateTime> nextFireAfter(ZonedDateTime after);

    /**
     * Whether the task is due at {@code now}, and since which fire time; if it is not, when it next fires on its own
     * (for clock triggers and intervals; every-window and manual triggers have no such time). {@code lastStarted} is
     * the start of the task's most recent run, if any.
     *
     * <p>With the same {@code lastStarted} and {@code context}, the answer for a later {@code now} is the same until
     * the {@link Due#nextFire() next fire} (and the same for good if there is none): the planner wakes at that time
     * only, and remembers answers until then.
     */
    Due due(Optional<Instant> lastStarted, Instant now, TriggerContext context);

    /**
     * The fire time since which the task has been due at {@code now}, or empty if it is not due: {@link #due}'s
     * {@link Due#since()}.
     */
    default Optional<Instant> dueSince(Optional<Instant> lastStarted, Instant now, TriggerContext context) {
        return due(lastStarted, now, context).since();
    }

    /** A cron expression (cron-utils, Unix/5-field or Quartz/6-7-field) evaluated in {@code zone}. */
    record Cron(String expression, ZoneId zone) implements Trigger {
        /** Parses (and caches) the expression; throws IllegalArgumentException if cron-utils rejects it. */
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
            CronExpressions.executionTime(expression);
        }

        @Override
        public String type() {
            return "cron";
        }

        @Override
        public Optional<ZonedDateTime> nextFireAfter(ZonedDateTime after) {
            return Triggers.cronNextFireAfter(this, after);
        }

        @Override
        public Due due(Optional<Instant> lastStarted, Instant now, TriggerContext context) {
            return Triggers.clockDue(this, lastStarted, now, context);
        }
    }

    /** Every day at {@code at} local time in {@code zone}. */
    record Daily(LocalTime at, ZoneId zone) implements Trigger {
        @Override
        public String type() {
            return "daily";
        }

        @Override
        public Optional<ZonedDateTime> nextFireAfter(ZonedDateTime after) {
            return Triggers.dailyNextFireAfter(at, Set.of(DayOfWeek.values()), zone, after);
        }

        @Override
        public Due due(Optional<Instant> lastStarted, Instant now, TriggerContext context) {
            return Triggers.clockDue(this, lastStarted, now, context);
        }
    }

    /** On {@code days} at {@code at} local time in {@code zone}. */
    record Weekly(Set<DayOfWeek> days, LocalTime at, ZoneId zone) implements Trigger {
        public Weekly {
            days = Set.copyOf(days);
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a weekly trigger needs at least one day");
            }
        }

        @Override
        public String type() {
            return "weekly";
        }

        @Override
        public Optional<ZonedDateTime> nextFireAfter(ZonedDateTime after) {
            return Triggers.dailyNextFireAfter(at, days, zone, after);
        }

        @Override
        public Due due(Optional<Instant> lastStarted, Instant now, TriggerContext context) {
            return Triggers.clockDue(this, lastStarted, now, context);
        }
    }

    /**
     * Every {@code every} of elapsed time, on a grid counted from the start of the trading cycle (every 15 minutes:
     * 08:00, 08:15, ...): a task that has not run is due since the cycle's start; after a run, it is next due at the
     * first grid time at least half an interval after that run started, so a late start does not move the grid and
     * a run off the grid (on request) is not followed by another moments later. Without a cycle to count from
     * ({@link #nextFireAfter}), the next fire is an interval after the instant asked about.
     */
    record Interval(Duration every) implements Trigger {
        public Interval {
            if (every.isZero() || every.isNegative()) {
                throw new IllegalArgumentException("an interval must be positive, got " + every);
            }
        }

        @Override
        public String type() {
            return "interval";
        }

        @Override
        public Optional<ZonedDateTime> nextFireAfter(ZonedDateTime after) {
            return Optional.of(after.plus(every));
        }

        @Override
        public Due due(Optional<Instant> lastStarted, Instant now, TriggerContext context) {
            Instant cycleStart = context.cycle().start().toInstant();
            if (lastStarted.isEmpty()) {
                return Due.since(cycleStart);
            }
            Instant next = Triggers.intervalNextFire(every, cycleStart, lastStarted.get());
            return next.isAfter(now) ? Due.notBefore(next) : Due.since(next);
        }
    }

    /** Once per research window ({@code WINDOW}) or once per trading cycle ({@code TRADING_DAY}). */
    record EveryWindow(Scope scope) implements Trigger {
        public enum Scope { WINDOW, TRADING_DAY }

        @Override
        public String type() {
            return "every-window";
        }

        @Override
        public Optional<ZonedDateTime> nextFireAfter(ZonedDateTime after) {
            return Optional.empty();
        }

        @Override
        public Due due(Optional<Instant> lastStarted, Instant now, TriggerContext context) {
            Instant opened = switch (scope) {
                case WINDOW -> context.researchWindow().map(w -> w.start().toInstant()).orElse(null);
                case TRADING_DAY -> context.cycle().start().toInstant();
            };
            if (opened == null) {
                return Due.never();
            }
            if (opened.isAfter(now)) {
                return Due.notBefore(opened);
            }
            boolean ranThisTime = lastStarted.map(started -> !started.isBefore(opened)).orElse(false);
            return ranThisTime ? Due.never() : Due.since(opened);
        }
    }

    /** Only when an operator (or a branch of another task) asks for a run. */
    record Manual() implements Trigger {
        @Override
        public String type() {
            return "manual";
        }

        @Override
        public Optional<ZonedDateTime> nextFireAfter(ZonedDateTime after) {
            return Optional.empty();
        }

        @Override
        public Due due(Optional<Instant> lastStarted, Instant now, TriggerContext context) {
            return Due.never();
        }
    }
}
