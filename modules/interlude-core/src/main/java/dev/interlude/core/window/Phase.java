package dev.interlude.core.window;

/**
 * The phase of the trading cycle at an instant. The phases tile time without gaps: pre-market runs from the end of
 * the research window to the open, market hours to the close, post-market to the start of the next research window,
 * and the research window (overnight, weekend or holiday, after its budget type) to the next pre-market.
 */
public enum Phase {
    PRE_MARKET(Mode.PREP),
    MARKET_HOURS(Mode.TRADING),
    POST_MARKET(Mode.TRADING),
    OVERNIGHT(Mode.RESEARCH),
    WEEKEND(Mode.RESEARCH),
    HOLIDAY(Mode.RESEARCH);

    private final Mode mode;

    Phase(Mode mode) {
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    public boolean isResearch() {
        return mode == Mode.RESEARCH;
    }
}
