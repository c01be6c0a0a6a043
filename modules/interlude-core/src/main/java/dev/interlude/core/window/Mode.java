package dev.interlude.core.window;

/** The operating mode an operator sees (and the LED board shows). */
public enum Mode {
    /** Pre-market: getting ready for the open. */
    PREP,
    /** Market hours and post-market: trading work only. */
    TRADING,
    /** A research window: overnight, weekend or holiday. */
    RESEARCH
}
