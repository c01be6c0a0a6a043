package dev.interlude.app.desk;

import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * {@code positions-snapshot}: asks the made-up broker for the open positions and writes the desk's book,
 * {@code positions.csv}, and the broker's own statement, {@code broker-statement.csv}, which now and then differs by a
 * late fill (reconcile finds it). The book is sized around the gross limit, so about one snapshot in four comes near
 * or over it; its result then ends in {@code NEAR LIMIT} or {@code OVER LIMIT}, which the catalog's branch turns
 * into a risk check. Everything is drawn from the run id.
 *
 * <p>Settings: {@code dir}, {@code gross-limit} (5000000), {@code warn-at} (0.9).
 */
public final class PositionsSnapshot extends DeskHandler {

    static final String BOOK = "positions.csv";
    static final String STATEMENT = "broker-statement.csv";

    public PositionsSnapshot() {
        super("positions-snapshot");
    }

    @Override
    TaskResult work(TaskContext context, Settings settings, Desk desk) throws IOException {
        double limit = settings.positive("gross-limit", 5_000_000);
        double warnAt = settings.positive("warn-at", 0.9);
        Random random = Desk.random(context.runId(), "positions");
        List<Position> book = book(random, limit * (0.45 + 0.6 * random.nextDouble()));
        List<Position> statement = withLateFills(book, random);

        Path bookFile = desk.path(BOOK);
        desk.write(bookFile, Position.csv("snapshot " + context.runId() + " at " + context.scheduledAt(), book));
        desk.write(desk.path(STATEMENT), Position.csv("broker statement for " + context.runId(), statement));

        Exposure exposure = new Exposure(Position.gross(book), limit, warnAt);
        String flag = switch (exposure.level()) {
            case WITHIN -> "";
            case NEAR -> " NEAR LIMIT";
            case OVER -> " OVER LIMIT";
        };
        return TaskResult.success(book.size() + " positions, " + exposure.describe() + " -> "
                + desk.describe(bookFile) + flag);
    }

    /** Six to ten positions, about one in five short, whose gross market value is close to {@code targetGross}. */
    static List<Position> book(Random random, double targetGross) {
        List<String> symbols = new ArrayList<>(SampleMarket.symbols());
        Collections.shuffle(symbols, random);
        List<String> held = symbols.subList(0, 6 + random.nextInt(symbols.size() - 5));
        double[] weights = new double[held.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 0.3 + random.nextDouble();
            total += weights[i];
        }
        List<Position> book = new ArrayList<>();
        for (int i = 0; i < held.size(); i++) {
            String symbol = held.get(i);
            double price = SampleMarket.price(symbol, random);
            double avgCost = SampleMarket.round2(price * (1 + 0.04 * random.nextGaussian()));
            long sign = random.nextDouble() < 0.2 ? -1 : 1;
            long quantity = sign * Math.max(1, Math.round(targetGross * weights[i] / total / price));
            book.add(new Position(symbol, quantity, avgCost, price));
        }
        book.sort(Comparator.comparing(Position::symbol));
        return List.copyOf(book);
    }

    /** The broker's view: the book, except that one run in five has one or two late fills on it. */
    static List<Position> withLateFills(List<Position> book, Random random) {
        List<Position> statement = new ArrayList<>(book);
        if (random.nextDouble() < 0.2) {
            int fills = 1 + random.nextInt(2);
            for (int i = 0; i < fills; i++) {
                int at = random.nextInt(statement.size());
                long shares = (1 + random.nextInt(100)) * (random.nextBoolean() ? 1 : -1);
                Position p = statement.get(at);
                statement.set(at, p.withQuantity(p.quantity() + shares));
            }
        }
        return List.copyOf(statement);
    }
}
