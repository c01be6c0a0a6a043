package dev.interlude.app;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Instants as the commands print them: ISO-8601 local time with the exchange's offset, e.g. 2026-11-18T18:00-05:00. */
final class Times {

    private Times() {
    }

    static String local(ZonedDateTime t) {
        return t.toOffsetDateTime().toString();
    }

    static String local(Instant i, ZoneId zone) {
        return i.atZone(zone).toOffsetDateTime().toString();
    }
}
