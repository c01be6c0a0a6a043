package dev.interlude.app.desk;

import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code data-quality-report}: checks the dated price files of the last {@code days} days
 * ({@code prices/eod-<date>.csv}, written by market-data-refresh) for gaps (a missing or unreadable field), stale quotes (zero volume), bad bars (a
 * close outside the day's range) and outliers (a move of more than {@code max-move}), and for symbols missing from a
 * day. It writes {@code reports/data-quality-<date>.txt}; the result is {@code CLEAN ...}, {@code ISSUES n ...} or
 * {@code NO DATA ...}.
 *
 * <p>Settings: {@code dir}, {@code file} (prices/eod.csv, whose dated copies are read), {@code days} (7),
 * {@code max-move} (0.2), {@code zone} (America/New_York).
 */
public final class DataQualityReport extends DeskHandler {

    private static final List<String> FIELDS = List.of("open", "high", "low", "close", "volume");

    public DataQualityReport() {
        super("data-quality-report");
    }

    @Override
    TaskResult work(TaskContext context, Settings settings, Desk desk) throws IOException {
        Path latest = desk.path(settings.text("file", MarketDataRefresh.FILE));
        int days = settings.whole("days", 7, 1);
        double maxMove = settings.positive("max-move", 0.2);
        LocalDate today = context.scheduledAt().atZone(settings.zone()).toLocalDate();

        List<String> issues = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        int rowCount = 0;
        for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
            Path file = MarketDataRefresh.dated(latest, day);
            Optional<List<Map<String, String>>> rows = desk.readCsv(file);
            if (rows.isEmpty()) {
                continue;
            }
            checked.add(desk.describe(file));
            rowCount += rows.get().size();
            Set<String> seen = new TreeSet<>();
            for (Map<String, String> row : rows.get()) {
                seen.add(row.get("symbol"));
                check(row, day, maxMove).ifPresent(issues::add);
            }
            Set<String> missing = new TreeSet<>(SampleMarket.symbols());
            missing.removeAll(seen);
            missing.forEach(symbol -> issues.add("missing " + symbol + " " + file.getFileName()));
        }

        String verdict;
        if (checked.isEmpty()) {
            verdict = "NO DATA no dated copies of " + desk.describe(latest) + " in the last " + days + " day(s)";
        } else if (issues.isEmpty()) {
            verdict = "CLEAN " + checked.size() + " file(s), " + rowCount + " rows";
        } else {
            verdict = "ISSUES " + issues.size() + " in " + checked.size() + " file(s), " + rowCount + " rows: "
                    + String.join("; ", issues.subList(0, Math.min(3, issues.size())))
                    + (issues.size() > 3 ? "; ..." : "");
        }
        StringBuilder report = new StringBuilder("Data quality for the " + days + " day(s) to " + today + ", by "
                + context.runId() + "\n" + verdict + "\n\nFiles:\n");
        checked.forEach(f -> report.append("  ").append(f).append('\n'));
        report.append("\nIssues:\n");
        issues.forEach(i -> report.append("  ").append(i).append('\n'));
        Path output = desk.path("reports/data-quality-" + today + ".txt");
        desk.write(output, report.toString());
        return TaskResult.success(verdict + " -> " + desk.describe(output));
    }

    /** The first problem of one bar, if any. */
    static Optional<String> check(Map<String, String> row, LocalDate day, double maxMove) {
        String where = row.get("symbol") + " " + day;
        double[] v = new double[FIELDS.size()];
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = Double.parseDouble(row.getOrDefault(FIELDS.get(i), ""));
            } catch (NumberFormatException e) {
                return Optional.of("gap " + where + " (no " + FIELDS.get(i) + ")");
            }
        }
        double open = v[0];
        double high = v[1];
        double low = v[2];
        double close = v[3];
        if (v[4] <= 0) {
            return Optional.of("stale " + where + " (no volume)");
        }
        if (low > high || close > high || close < low || open <= 0) {
            return Optional.of("bad bar " + where);
        }
        if (Math.abs(close / open - 1) > maxMove) {
            return Optional.of(String.format(Locale.ROOT, "outlier %s (%+.0f%%)", where,
                    100 * (close / open - 1)));
        }
        return Optional.empty();
    }
}
