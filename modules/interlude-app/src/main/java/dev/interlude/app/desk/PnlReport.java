package dev.interlude.app.desk;

import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code pnl-report}: the day's P&amp;L from the reconciled positions ({@code reconciled.csv}): per symbol, quantity
 * times (price - average cost), and the total. It writes {@code reports/pnl-<date>.csv}, the date being the run's
 * scheduled day in the exchange's zone, so a second run the same day replaces the report. No reconciled positions
 * is a failure: reconcile_positions has not run.
 *
 * <p>Settings: {@code dir}, {@code positions} (reconciled.csv), {@code zone} (America/New_York).
 */
public final class PnlReport extends DeskHandler {

    public PnlReport() {
        super("pnl-report");
    }

    @Override
    TaskResult work(TaskContext context, Settings settings, Desk desk) throws IOException {
        Path input = desk.path(settings.text("positions", Reconcile.OUTPUT));
        List<Position> positions = Position.read(desk, input).orElseThrow(() -> new IllegalStateException(
                "no reconciled positions at " + desk.describe(input) + " (the reconcile handler writes them)"));
        LocalDate day = context.scheduledAt().atZone(settings.zone()).toLocalDate();

        List<List<String>> rows = new ArrayList<>();
        double total = 0;
        for (Position p : positions) {
            rows.add(List.of(p.symbol(), Long.toString(p.quantity()), Desk.decimal(p.avgCost(), 2),
                    Desk.decimal(p.price(), 2), Desk.decimal(p.pnl(), 2)));
            total += p.pnl();
        }
        rows.add(List.of("TOTAL", "", "", "", Desk.decimal(total, 2)));
        Path report = desk.path("reports/pnl-" + day + ".csv");
        desk.write(report, Desk.csv("P&L for " + day + " by " + context.runId(),
                List.of("symbol", "quantity", "avg_cost", "price", "pnl"), rows));
        return TaskResult.success(String.format(Locale.ROOT, "P&L %+,.2f on %d positions -> %s", total,
                positions.size(), desk.describe(report)));
    }
}
