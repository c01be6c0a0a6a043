package dev.interlude.http;

import dev.interlude.core.window.PhaseSpan;
import dev.interlude.core.window.ResearchWindow;
import dev.interlude.core.window.TradingWindows;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The JSON of the phase and research budget at an instant: what {@code interlude budget --json} prints and
 * {@code GET /api/v1/budget} answers, field for field. Instants are ISO-8601 with the exchange's offset; hours are
 * rounded to the hundredth.
 */
public final class BudgetJson {

    /** The phase and mode at {@code at}, and the research window containing it (or the next one). */
    public record Budget(String at, String phase, String mode, String phaseStart, String phaseEnd,
                         Research research) {
    }

    /** A research window and what is left of it. */
    public record Research(String start, String end, String budgetType, double totalHours, double remainingHours,
                           boolean extended) {
    }

    private BudgetJson() {
    }

    /** The budget at {@code instant}, written with the offset of {@code zone} (the exchange's). */
    public static Budget at(TradingWindows windows, ZoneId zone, Instant instant) {
        PhaseSpan phase = windows.phaseAt(instant);
        ResearchWindow window = windows.researchWindowAtOrAfter(instant);
        Research research = new Research(local(window.start()), local(window.end()), window.budgetType().id(),
                hours(window.length()), hours(window.remainingAt(instant)), window.extended());
        return new Budget(local(instant, zone), phase.phase().name(), phase.mode().name(),
                local(phase.start()), local(phase.end()), research);
    }

    /** A duration in hours, rounded to the hundredth. */
    public static double hours(Duration d) {
        return Math.round(d.toSeconds() / 36.0) / 100.0;
    }

    /** {@code instant} in ISO-8601 with the offset of {@code zone} at that instant: 2026-11-18T18:00-05:00. */
    public static String local(Instant instant, ZoneId zone) {
        return local(instant.atZone(zone));
    }

    private static String local(ZonedDateTime t) {
        return t.toOffsetDateTime().toString();
    }
}
