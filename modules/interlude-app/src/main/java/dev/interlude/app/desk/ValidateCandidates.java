package dev.interlude.app.desk;

import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code validate-candidates}: an out-of-sample check of the research candidates ({@code research/candidates.csv}):
 * each one's Sharpe ratio decays out of sample by a factor drawn from the run id, and it passes when what is left is
 * at least {@code min-sharpe} and its drawdown at most {@code max-drawdown}. It writes {@code research/validated.csv}
 * with a verdict per candidate; the result is {@code APPROVED n of m: ids} or exactly {@code REJECTED} (the
 * catalog alerts on it). No candidates file is a failure: the research has not run.
 *
 * <p>Settings: {@code dir}, {@code candidates} (research/candidates.csv), {@code output} (research/validated.csv),
 * {@code min-sharpe} (1.0), {@code max-drawdown} (0.25).
 */
public final class ValidateCandidates extends DeskHandler {

    static final String OUTPUT = "research/validated.csv";

    public ValidateCandidates() {
        super("validate-candidates");
    }

    @Override
    TaskResult work(TaskContext context, Settings settings, Desk desk) throws IOException {
        Path input = desk.path(settings.text("candidates", ResearchBatch.OUTPUT));
        double minSharpe = settings.positive("min-sharpe", 1.0);
        double maxDrawdown = settings.positive("max-drawdown", 0.25);
        List<Map<String, String>> candidates = desk.readCsv(input).orElseThrow(() -> new IllegalStateException(
                "no candidates at " + desk.describe(input) + " (the research-batch handler writes them)"));

        Random random = Desk.random(context.runId(), "validation");
        List<List<String>> rows = new ArrayList<>();
        List<String> approved = new ArrayList<>();
        for (Map<String, String> c : candidates) {
            double sharpe = Desk.number(c, "sharpe", input);
            double drawdown = Desk.number(c, "max_drawdown", input);
            double outOfSample = sharpe * (0.3 + 0.7 * random.nextDouble());
            boolean pass = outOfSample >= minSharpe && drawdown <= maxDrawdown;
            if (pass) {
                approved.add(c.get("id"));
            }
            rows.add(List.of(c.get("id"), c.get("strategy"), Desk.decimal(sharpe, 2), Desk.decimal(outOfSample, 2),
                    Desk.decimal(drawdown, 3), pass ? "approved" : "rejected"));
        }
        Path output = desk.path(settings.text("output", OUTPUT));
        desk.write(output, Desk.csv("validated by " + context.runId(), List.of("id", "strategy", "sharpe",
                "oos_sharpe", "max_drawdown", "verdict"), rows));
        if (approved.isEmpty()) {
            return TaskResult.success("REJECTED");
        }
        return TaskResult.success("APPROVED " + approved.size() + " of " + rows.size() + ": "
                + String.join(", ", approved) + " -> " + desk.describe(output));
    }
}
