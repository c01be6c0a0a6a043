package dev.interlude.app.desk;

import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code reconcile}: compares the desk's book with the broker's statement, symbol by symbol, and writes
 * {@code reconciled.csv}: the broker's positions (the statement is what settles) with the book's quantity and a
 * status per symbol. The result is {@code MATCHED n positions} or {@code MISMATCH n (symbols)}; the catalog alerts on
 * {@code MISMATCH}. A missing file counts as no positions, so a desk that has not traded yet matches.
 *
 * <p>Settings: {@code dir}, {@code book} (positions.csv), {@code statement} (broker-statement.csv),
 * {@code output} (reconciled.csv).
 */
public final class Reconcile extends DeskHandler {

    static final String OUTPUT = "reconciled.csv";
    static final List<String> HEADER = List.of("symbol", "quantity", "avg_cost", "price", "market_value",
            "book_quantity", "status");

    public Reconcile() {
        super("reconcile");
    }

    @Override
    TaskResult work(TaskContext context, Settings settings, Desk desk) throws IOException {
        Path bookFile = desk.path(settings.text("book", PositionsSnapshot.BOOK));
        Path statementFile = desk.path(settings.text("statement", PositionsSnapshot.STATEMENT));
        Map<String, Position> book = bySymbol(Position.read(desk, bookFile).orElse(List.of()));
        Map<String, Position> statement = bySymbol(Position.read(desk, statementFile).orElse(List.of()));

        List<List<String>> rows = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (String symbol : new TreeSet<>(union(book, statement))) {
            Position broker = statement.get(symbol);
            Position ours = book.get(symbol);
            long bookQuantity = ours == null ? 0 : ours.quantity();
            Position settled = broker != null ? broker : ours.withQuantity(0);
            boolean matches = settled.quantity() == bookQuantity;
            if (!matches) {
                mismatched.add(symbol);
            }
            List<String> row = new ArrayList<>(settled.cells());
            row.add(Long.toString(bookQuantity));
            row.add(matches ? "matched" : "mismatch");
            rows.add(row);
        }
        Path output = desk.path(settings.text("output", OUTPUT));
        desk.write(output, Desk.csv("reconciled by " + context.runId() + " at " + context.scheduledAt(), HEADER, rows));
        return TaskResult.success(mismatched.isEmpty()
                ? "MATCHED " + rows.size() + " positions -> " + desk.describe(output)
                : "MISMATCH " + mismatched.size() + " (" + String.join(", ", mismatched) + ") -> "
                        + desk.describe(output));
    }

    private static Map<String, Position> bySymbol(List<Position> positions) {
        return positions.stream().collect(Collectors.toMap(Position::symbol, Function.identity(), (a, b) -> b,
                TreeMap::new));
    }

    private static List<String> union(Map<String, Position> a, Map<String, Position> b) {
        List<String> all = new ArrayList<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }
}
