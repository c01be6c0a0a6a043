package dev.interlude.core.task;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

/** The arithmetic behind {@link Trigger}: DST-correct fire times. */
final class Triggers {

    private Triggers() {
    }

    static Optional<ZonedDateTime> cronNextFireAfter(Trigger.Cron cron, ZonedDateTime after) {
        throw new IllegalStateException("TODO helper");
    }

    static Optional<ZonedDateTime> dailyNextFireAfter(LocalTime at, Set<DayOfWeek> days, ZoneId zone, ZonedDateTime after) {
        throw new IllegalStateException("TODO helper");
    }

    /**
     * For clock triggers: the first fire time after the last start (or, for a task that never started, at or after
     * the start of the current trading cycle), if it is not after {@code now}.
     */
    static Optional<Instant> firedSince(Trigger trigger, Optional<Instant> lastStarted, Instant now, TriggerContext context) {
        ZoneId zone = context.zone();
        ZonedDateTime anchor = lastStarted
                .map(i -> i.atZone(zone))
                .orElseGet(() -> context.cycle().start().withZoneSameInstant(zone).minusNanos(1));
        return trigger.nextFireAfter(anchor)
                .map(ZonedDateTime::toInstant)
                .filter(fire -> !fire.isAfter(now));
    }
}
