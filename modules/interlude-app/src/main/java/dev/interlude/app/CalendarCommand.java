package dev.interlude.app;

import dev.interlude.core.calendar.CalendarDay;
import dev.interlude.core.calendar.TradingCalendar;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.http.CalendarJson;
import dev.interlude.http.TimeInput;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code interlude calendar}: every weekday in a range that is not a regular full session. */
@Command(name = "calendar", mixinStandardHelpOptions = true,
        description = "List every weekday from --from to --to (inclusive) that is not a regular full session: "
                + "closures and early closes, with the reason.")
final class CalendarCommand implements Callable<Integer> {

    enum Format { csv, json, table }

    private static final int MAX_DAYS = 366 * 50;

    @ParentCommand
    private Interlude parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First date, e.g. 2026-01-01.")
    private String from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last date, e.g. 2026-12-31.")
    private String to;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "csv, json or table (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Override
    public Integer call() {
        LocalDate first = TimeInput.date("--from", from);
        LocalDate last = TimeInput.date("--to", to);
        if (last.isBefore(first)) {
            throw new InvalidInputException("--to", "must not be before --from (" + first + "), got " + last);
        }
        if (first.plusDays(MAX_DAYS).isBefore(last)) {
            throw new InvalidInputException("--to", "the range may span at most 50 years");
        }
        TradingCalendar calendar = parent.setup().calendar().calendar();
        List<CalendarDay> days = calendar.exceptionsBetween(first, last);
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case csv -> printCsv(days, out);
            case json -> out.println(Json.write(CalendarJson.rows(days)));
            case table -> printTable(calendar, first, last, days, out);
        }
        return Interlude.OK;
    }

    private static void printCsv(List<CalendarDay> days, PrintWriter out) {
        out.println("date,status,close,reason");
        for (Map<String, String> row : CalendarJson.rows(days)) {
            out.println(String.join(",", csv(row.get("date")), csv(row.get("status")), csv(row.get("close")),
                    csv(row.get("reason"))));
        }
    }

    private static void printTable(TradingCalendar calendar, LocalDate first, LocalDate last, List<CalendarDay> days,
                                   PrintWriter out) {
        out.printf("%s from %s to %s: %d closure(s), %d early close(s)%n", calendar.id(), first, last,
                days.stream().filter(d -> !d.isTradingDay()).count(),
                days.stream().filter(CalendarDay::isTradingDay).count());
        if (days.isEmpty()) {
            return;
        }
        out.printf("%-10s  %-3s  %-11s  %-5s  %s%n", "DATE", "DAY", "STATUS", "CLOSE", "REASON");
        for (CalendarDay day : days) {
            out.printf("%-10s  %-3s  %-11s  %-5s  %s%n", day.date(),
                    day.date().getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ROOT),
                    CalendarJson.status(day), CalendarJson.close(day), day.reason());
        }
    }

    /** RFC 4180: quote a field that holds a comma, a quote or a line break. */
    private static String csv(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }
}
