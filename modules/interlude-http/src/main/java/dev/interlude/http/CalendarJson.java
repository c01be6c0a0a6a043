package dev.interlude.http;

import dev.interlude.core.calendar.CalendarDay;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the exchange calendar's exceptions in a range: what {@code interlude calendar --format json} prints and
 * {@code GET /api/v1/calendar} answers. One row per weekday that is not a regular full session: {@code date},
 * {@code status} ({@code closed} or {@code early_close}), {@code close} (the local close of an early close, empty for
 * a closure) and {@code reason}.
 */
public final class CalendarJson {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private CalendarJson() {
    }

    public static List<Map<String, String>> rows(List<CalendarDay> days) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (CalendarDay day : days) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("date", day.date().toString());
            row.put("status", status(day));
            row.put("close", close(day));
            row.put("reason", day.reason());
            rows.add(row);
        }
        return rows;
    }

    public static String status(CalendarDay day) {
        return day.isTradingDay() ? "early_close" : "closed";
    }

    public static String close(CalendarDay day) {
        return day.session().map(s -> s.close().toLocalTime().format(HH_MM)).orElse("");
    }
}
