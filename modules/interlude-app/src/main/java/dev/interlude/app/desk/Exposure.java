package dev.interlude.app.desk;

/** Gross exposure against the desk's gross limit: within it, near it (at {@code warnAt} of it or more), or over it. */
record Exposure(double gross, double limit, double warnAt) {

    enum Level { WITHIN, NEAR, OVER }

    Level level() {
        if (gross > limit) {
            return Level.OVER;
        }
        return gross >= warnAt * limit ? Level.NEAR : Level.WITHIN;
    }

    /** {@code gross 4,120,000 = 82% of 5,000,000}. */
    String describe() {
        return "gross " + Desk.money(gross) + " = " + Math.round(100 * gross / limit) + "% of " + Desk.money(limit);
    }
}
