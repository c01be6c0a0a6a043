package dev.interlude.app.desk;

import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code risk-check}: reads the latest snapshot ({@code positions.csv}) and checks its gross exposure and its largest
 * position against the desk's limits. The result starts with {@code OK}, {@code LIMIT} (at {@code warn-at} of the
 * gross limit or more) or {@code BREACH} (over the gross limit, or one position over {@code max-position} of the
 * gross limit); the catalog alerts on {@code BREACH}. With no snapshot yet the book is flat: {@code OK}. The verdict
 * goes to {@code risk.txt} too.
 *
 * <p>Settings: {@code dir}, {@code gross-limit} (5000000), {@code warn-at} (0.9), {@code max-position} (0.35).
 */
public final class RiskCheck extends DeskHandler {

    static final String REPORT = "risk.txt";

    public RiskCheck() {
        super("risk-check");
    }

    @Override
    TaskResult work(TaskContext context, Settings settings, Desk desk) throws IOException {
        double limit = settings.positive("gross-limit", 5_000_000);
        double warnAt = settings.positive("warn-at", 0.9);
        double maxPosition = settings.positive("max-position", 0.35);
        Path snapshot = desk.path(PositionsSnapshot.BOOK);
        Optional<List<Position>> book = Position.read(desk, snapshot);
        String verdict;
        if (book.isEmpty()) {
            verdict = "OK flat book: no positions snapshot yet at " + desk.describe(snapshot);
        } else {
            Exposure exposure = new Exposure(Position.gross(book.get()), limit, warnAt);
            Optional<Position> largest = book.get().stream()
                    .filter(p -> Math.abs(p.marketValue()) > maxPosition * limit)
                    .findFirst();
            String level = exposure.level() == Exposure.Level.OVER || largest.isPresent() ? "BREACH"
                    : exposure.level() == Exposure.Level.NEAR ? "LIMIT" : "OK";
            verdict = level + " " + exposure.describe()
                    + largest.map(p -> ", " + p.symbol() + " " + Desk.money(Math.abs(p.marketValue()))
                            + " over the single-position limit " + Desk.money(maxPosition * limit)).orElse("")
                    + " (" + book.get().size() + " positions, " + snapshotOf(snapshot) + ")";
        }
        desk.write(desk.path(REPORT), "run " + context.runId() + " at " + context.scheduledAt() + "\n"
                + verdict + "\n");
        return TaskResult.success(verdict);
    }

    /** The snapshot's own comment line: {@code snapshot <run id> at <instant>}. */
    private static String snapshotOf(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.findFirst().filter(l -> l.startsWith("# ")).map(l -> l.substring(2)).orElse("snapshot");
        }
    }
}
