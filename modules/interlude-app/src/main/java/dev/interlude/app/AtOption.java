package dev.interlude.app;

import dev.interlude.http.TimeInput;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/** The {@code --at INSTANT} option of the commands that answer for an instant. */
final class AtOption {

    @Option(names = "--at", defaultValue = "now", paramLabel = "INSTANT",
            description = "\"now\" (default), an ISO-8601 instant with offset (2026-11-21T12:00-05:00), or a local "
                    + "date-time in the exchange's zone (2026-11-21T12:00).")
    private String at;

    Instant instant(Clock clock, ZoneId exchangeZone) {
        return TimeInput.instant("--at", at, clock, exchangeZone);
    }
}
