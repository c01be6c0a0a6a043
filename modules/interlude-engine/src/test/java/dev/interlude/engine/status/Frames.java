package dev.interlude.engine.status;

import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.window.TimeFrame;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import java.time.Instant;
import java.time.LocalDateTime;

/** Time frames on the built-in XNYS calendar, by New York wall-clock time. */
final class Frames {

    static final TradingWindows WINDOWS = new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT);

    private Frames() {
    }

    /** The instant of a New York wall-clock time, e.g. {@code "2026-11-18T17:59"}. */
    static Instant ny(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(XnysCalendar.ZONE).toInstant();
    }

    static TimeFrame frameAt(String nyLocalDateTime) {
        return WINDOWS.frameAt(ny(nyLocalDateTime));
    }
}
