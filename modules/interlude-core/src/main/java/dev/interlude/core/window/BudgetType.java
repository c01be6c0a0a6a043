package dev.interlude.core.window;

/**
 * What kind of research window lies between two trading days, and so how much budget it has.
 * <ul>
 *   <li>{@code overnight}: the next calendar day is the next trading day;</li>
 *   <li>{@code weekend}: only Saturday and Sunday lie between;</li>
 *   <li>{@code holiday}: only weekday closures lie between;</li>
 *   <li>{@code holiday_weekend}: both.</li>
 * </ul>
 */
public enum BudgetType {
    OVERNIGHT("overnight", Phase.OVERNIGHT),
    WEEKEND("weekend", Phase.WEEKEND),
    HOLIDAY("holiday", Phase.HOLIDAY),
    HOLIDAY_WEEKEND("holiday_weekend", Phase.HOLIDAY);

    private final String id;
    private final Phase phase;

    BudgetType(String id, Phase phase) {
        this.id = id;
        this.phase = phase;
    }

    /** The lower-case name used in JSON, configuration and the CLI. */
    public String id() {
        return id;
    }

    /** The research phase a window of this type is in. */
    public Phase phase() {
        return phase;
    }

    /** True for windows longer than a weekend's because a closure lies in them. */
    public boolean extended() {
        return this == HOLIDAY || this == HOLIDAY_WEEKEND;
    }

    /** The budget type for a window with (or without) weekend days and weekday closures between its trading days. */
    public static BudgetType of(boolean weekendBetween, boolean closureBetween) {
        if (weekendBetween && closureBetween) {
            return HOLIDAY_WEEKEND;
        }
        if (closureBetween) {
            return HOLIDAY;
        }
        return weekendBetween ? WEEKEND : OVERNIGHT;
    }
}
