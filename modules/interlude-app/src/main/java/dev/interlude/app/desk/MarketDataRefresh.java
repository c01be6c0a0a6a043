package dev.interlude.app.desk;

import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code market-data-refresh}: "downloads" a day's bars for the sample market (made up from the run id) and writes
 * them to {@code file} and to a dated copy beside it ({@code prices/eod.csv} and {@code prices/eod-<date>.csv}, the
 * date being the run's scheduled day in the exchange's zone). About one run in six gets a vendor defect on one row
 * (a missing close, a zero volume or a 50 % spike) for the data quality report to find.
 *
 * <p>Settings: {@code dir}, {@code file} (prices/eod.csv), {@code zone} (America/New_York).
 */
public final class MarketDataRefresh extends DeskHandler {

    static final String FILE = "prices/eod.csv";
    static final List<String> HEADER = List.of("symbol", "date", "open", "high", "low", "close", "volume");

    public MarketDataRefresh() {
        super("market-data-refresh");
    }

    @Override
    TaskResult work(TaskContext context, Settings settings, Desk desk) throws IOException {
        String file = settings.text("file", FILE);
        LocalDate day = context.scheduledAt().atZone(settings.zone()).toLocalDate();
        Random random = Desk.random(context.runId(), "prices");
        List<List<String>> rows = new ArrayList<>();
        for (String symbol : SampleMarket.symbols()) {
            double open = SampleMarket.price(symbol, random);
            double close = SampleMarket.round2(open * (1 + 0.015 * random.nextGaussian()));
            double high = SampleMarket.round2(Math.max(open, close) * (1 + 0.01 * random.nextDouble()));
            double low = SampleMarket.round2(Math.min(open, close) * (1 - 0.01 * random.nextDouble()));
            long volume = 1_000_000 + random.nextInt(9_000_000);
            rows.add(new ArrayList<>(List.of(symbol, day.toString(), Desk.decimal(open, 2), Desk.decimal(high, 2),
                    Desk.decimal(low, 2), Desk.decimal(close, 2), Long.toString(volume))));
        }
        String defect = "";
        if (random.nextInt(6) == 0) {
            List<String> row = rows.get(random.nextInt(rows.size()));
            switch (random.nextInt(3)) {
                case 0 -> row.set(5, "");
                case 1 -> row.set(6, "0");
                default -> {
                    double spike = Double.parseDouble(row.get(2)) * 1.5;
                    row.set(3, Desk.decimal(spike, 2));
                    row.set(5, Desk.decimal(spike, 2));
                }
            }
            defect = " (one vendor defect on " + row.get(0) + ")";
        }
        String text = Desk.csv("prices for " + day + " by " + context.runId(), HEADER, rows);
        Path latest = desk.path(file);
        desk.write(latest, text);
        desk.write(dated(latest, day), text);
        return TaskResult.success(rows.size() + " symbols for " + day + " -> " + desk.describe(latest) + defect);
    }

    /** {@code prices/eod.csv} -> {@code prices/eod-2026-11-20.csv}. */
    static Path dated(Path file, LocalDate day) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(stem + "-" + day + extension);
    }
}
