package dev.interlude.app.desk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One line of the book: a signed quantity (negative = short), its average cost and the last price. */
record Position(String symbol, long quantity, double avgCost, double price) {

    static final List<String> HEADER = List.of("symbol", "quantity", "avg_cost", "price", "market_value");

    double marketValue() {
        return quantity * price;
    }

    double pnl() {
        return quantity * (price - avgCost);
    }

    Position withQuantity(long value) {
        return new Position(symbol, value, avgCost, price);
    }

    List<String> cells() {
        return List.of(symbol, Long.toString(quantity), Desk.decimal(avgCost, 2), Desk.decimal(price, 2),
                Desk.decimal(marketValue(), 2));
    }

    static double gross(List<Position> positions) {
        return positions.stream().mapToDouble(p -> Math.abs(p.marketValue())).sum();
    }

    static String csv(String comment, List<Position> positions) {
        return Desk.csv(comment, HEADER, positions.stream().map(Position::cells).toList());
    }

    /** The positions in {@code file}, if it exists. */
    static Optional<List<Position>> read(Desk desk, Path file) throws IOException {
        Optional<List<Map<String, String>>> rows = desk.readCsv(file);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Position> positions = new ArrayList<>();
        for (Map<String, String> row : rows.get()) {
            positions.add(new Position(row.get("symbol"), (long) Desk.number(row, "quantity", file),
                    Desk.number(row, "avg_cost", file), Desk.number(row, "price", file)));
        }
        return Optional.of(positions);
    }
}
