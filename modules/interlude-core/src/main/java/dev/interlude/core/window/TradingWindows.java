package dev.interlude.core.window;

import dev.interlude.core.calendar.CalendarDay;
import dev.interlude.core.calendar.Session;
import dev.interlude.core.calendar.TradingCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Answers, for any instant, where it lies in the trading cycle: which phase, which research window and its budget,
 * which trading day's cycle. A trading day's cycle runs from its research end (the open minus
 * {@link WindowSettings#researchEndBeforeOpen()}) through pre-market, market hours and post-market to its research
 * start (the close plus {@link WindowSettings#researchStartAfterClose()}), then through the research window to the
 * next trading day's research end. Cycles follow one another without gaps, so every instant has exactly one phase.
 */
public final class TradingWindows {

    private final TradingCalendar calendar;
    private final WindowSettings settings;

    public TradingWindows(TradingCalendar calendar, WindowSettings settings) {
        this.calendar = calendar;
        this.settings = settings;
    }

    /** The exchange calendar the windows follow. */
    public TradingCalendar calendar() {
        return calendar;
    }

    /** Where research windows start and end around the sessions. */
    public WindowSettings settings() {
        return settings;
    }

    /** The exchange's zone, in which every window is computed. */
    public ZoneId zone() {
        return calendar.zone();
    }

    /** Everything the planner needs to know about {@code at}: its phase, research window and trading cycle. */
    public TimeFrame frameAt(Instant at) {
        Cycle cycle = cycleContaining(at);
        ResearchWindow window = cycle.researchWindow();
        return new TimeFrame(calendar.zone(), phaseIn(cycle, at),
                window.contains(at) ? Optional.of(window) : Optional.empty(),
                new TradingCycle(cycle.session().date(), cycle.start(), window.end()));
    }

    /** The phase at {@code at}, with the instants it starts and ends at. */
    public PhaseSpan phaseAt(Instant at) {
        return phaseIn(cycleContaining(at), at);
    }

    private static PhaseSpan phaseIn(Cycle cycle, Instant at) {
        Session session = cycle.session();
        if (at.isBefore(session.open().toInstant())) {
            return new PhaseSpan(Phase.PRE_MARKET, cycle.start(), session.open());
        }
        if (at.isBefore(session.close().toInstant())) {
            return new PhaseSpan(Phase.MARKET_HOURS, session.open(), session.close());
        }
        ResearchWindow window = cycle.researchWindow();
        if (at.isBefore(window.start().toInstant())) {
            return new PhaseSpan(Phase.POST_MARKET, session.close(), window.start());
        }
        return new PhaseSpan(window.phase(), window.start(), window.end());
    }

    /** The research window {@code at} lies in, if it lies in one. */
    public Optional<ResearchWindow> researchWindowContaining(Instant at) {
        ResearchWindow window = cycleContaining(at).researchWindow();
        return window.contains(at) ? Optional.of(window) : Optional.empty();
    }

    /** The research window {@code at} lies in or, during pre-market, market hours or post-market, the next one. */
    public ResearchWindow researchWindowAtOrAfter(Instant at) {
        return cycleContaining(at).researchWindow();
    }

    /** The cycle of the trading day whose pre-market, session, post-market or following research window holds it. */
    public TradingCycle cycleAt(Instant at) {
        Cycle cycle = cycleContaining(at);
        return new TradingCycle(cycle.session().date(), cycle.start(), cycle.researchWindow().end());
    }

    private Cycle cycleContaining(Instant at) {
        LocalDate local = at.atZone(calendar.zone()).toLocalDate();
        LocalDate day = calendar.isTradingDay(local) ? local : calendar.previousTradingDay(local);
        while (at.isBefore(researchEnd(day).toInstant())) {
            day = calendar.previousTradingDay(day);
        }
        LocalDate next = calendar.nextTradingDay(day);
        while (!at.isBefore(researchEnd(next).toInstant())) {
            day = next;
            next = calendar.nextTradingDay(day);
        }
        return cycle(day, next);
    }

    private Cycle cycle(LocalDate day, LocalDate next) {
        Session session = sessionOf(day);
        ZonedDateTime start = session.close().plus(settings.researchStartAfterClose());
        ResearchWindow window = new ResearchWindow(start, researchEnd(next), budgetType(day, next));
        return new Cycle(session, researchEnd(day), window);
    }

    private BudgetType budgetType(LocalDate day, LocalDate next) {
        boolean weekend = false;
        boolean closure = false;
        for (LocalDate d = day.plusDays(1); d.isBefore(next); d = d.plusDays(1)) {
            CalendarDay.Status status = calendar.day(d).status();
            weekend |= status == CalendarDay.Status.WEEKEND;
            closure |= status == CalendarDay.Status.CLOSED;
        }
        return BudgetType.of(weekend, closure);
    }

    private ZonedDateTime researchEnd(LocalDate tradingDay) {
        return sessionOf(tradingDay).open().minus(settings.researchEndBeforeOpen());
    }

    private Session sessionOf(LocalDate tradingDay) {
        return calendar.session(tradingDay)
                .orElseThrow(() -> new IllegalStateException(calendar.id() + " has no session on " + tradingDay));
    }

    /** A trading day's session, its cycle start (research end) and the research window that follows it. */
    private record Cycle(Session session, ZonedDateTime start, ResearchWindow researchWindow) {
    }
}
