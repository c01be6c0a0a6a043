package dev.interlude.app.desk;

import dev.interlude.engine.handler.Cancellation;
import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code research-batch}: backtests made-up strategy candidates on the end-of-day prices and writes them, with their
 * in-sample Sharpe ratio and drawdown, to {@code research/candidates.csv}. The work comes in {@code chunks}, paced
 * by {@code chunk-pause} so a run is visibly in flight for a couple of seconds; between chunks it stops at once when
 * the attempt is cancelled (a timeout, an operator), leaving the previous candidates file untouched. Each run draws a
 * market regime from its run id: in a poor one few candidates are any good, and validation may reject them all.
 *
 * <p>Settings: {@code dir}, {@code prices} (prices/eod.csv), {@code output} (research/candidates.csv),
 * {@code candidates} (40), {@code chunks} (8), {@code chunk-pause} (250ms).
 */
public final class ResearchBatch extends DeskHandler {

    static final String OUTPUT = "research/candidates.csv";
    static final List<String> HEADER = List.of("id", "strategy", "lookback", "threshold", "sharpe", "max_drawdown",
            "trades");
    private static final List<String> STRATEGIES = List.of("momentum", "mean_reversion", "breakout", "carry");

    public ResearchBatch() {
        super("research-batch");
    }

    @Override
    TaskResult work(TaskContext context, Settings settings, Desk desk) throws IOException {
        Path prices = desk.path(settings.text("prices", MarketDataRefresh.FILE));
        int count = settings.whole("candidates", 40, 1);
        int chunks = Math.min(count, settings.whole("chunks", 8, 1));
        Duration pause = settings.duration("chunk-pause", Duration.ofMillis(250));
        List<Map<String, String>> bars = desk.readCsv(prices).orElseThrow(() -> new IllegalStateException(
                "no prices at " + desk.describe(prices) + " (the market-data-refresh handler writes them)"));

        Random random = Desk.random(context.runId(), "research");
        double regime = -0.5 + 1.5 * random.nextDouble();
        List<List<String>> rows = new ArrayList<>();
        for (int chunk = 0; chunk < chunks; chunk++) {
            if (chunk > 0 && cancelledWithin(context.cancellation(), pause)) {
                return TaskResult.cancelled(context.cancellation().reason().orElse("")
                        + " (after " + rows.size() + " of " + count + " candidates)");
            }
            int end = (int) ((long) count * (chunk + 1) / chunks);
            while (rows.size() < end) {
                rows.add(candidate(rows.size() + 1, random, regime));
            }
        }
        Path output = desk.path(settings.text("output", OUTPUT));
        desk.write(output, Desk.csv("candidates by " + context.runId() + " on " + bars.size() + " bars of "
                + desk.describe(prices), HEADER, rows));
        List<String> best = rows.stream()
                .max(Comparator.comparingDouble(r -> Double.parseDouble(r.get(4)))).orElseThrow();
        return TaskResult.success(rows.size() + " candidates on " + bars.size() + " bars, best " + best.get(0) + " "
                + best.get(1) + " sharpe " + best.get(4) + " -> " + desk.describe(output));
    }

    private static List<String> candidate(int number, Random random, double regime) {
        double sharpe = regime + 0.6 * random.nextGaussian();
        double drawdown = Math.min(0.6, Math.max(0.02, 0.05 + 0.25 * random.nextDouble() - 0.03 * sharpe));
        return List.of(String.format(Locale.ROOT, "c%02d", number), STRATEGIES.get(random.nextInt(STRATEGIES.size())),
                Integer.toString(5 + random.nextInt(246)), Desk.decimal(0.5 + 2.5 * random.nextDouble(), 2),
                Desk.decimal(sharpe, 2), Desk.decimal(drawdown, 3), Integer.toString(20 + random.nextInt(480)));
    }

    /** Waits up to {@code pause} for the attempt to be cancelled: true as soon as it is, false when the pause ends. */
    static boolean cancelledWithin(Cancellation cancellation, Duration pause) {
        if (cancellation.isCancelled() || pause.isZero()) {
            return cancellation.isCancelled();
        }
        try {
            cancellation.whenCancelled().toCompletableFuture().get(pause.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
