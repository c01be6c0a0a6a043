package dev.interlude.app.desk;

import static dev.interlude.app.desk.DeskRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.engine.handler.Cancellation;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** market-data-refresh, data-quality-report, research-batch, validate-candidates and backup. */
class ResearchHandlersTest {

    private static final Map<String, String> NO_PAUSE = Map.of("chunk-pause", "0ms");

    @TempDir
    Path dir;

    @Test
    void market_data_is_written_to_the_file_and_a_dated_copy_the_same_for_a_run_id() throws IOException {
        TaskResult result = run(new MarketDataRefresh(), dir, "refresh_eod_data-1");
        String first = Files.readString(dir.resolve("prices/eod.csv"));
        run(new MarketDataRefresh(), dir, "refresh_eod_data-2");
        run(new MarketDataRefresh(), dir, "refresh_eod_data-1");

        assertTrue(result.result().startsWith("10 symbols for 2026-11-18 -> " + dir + "/prices/eod.csv"));
        assertEquals(first, Files.readString(dir.resolve("prices/eod.csv")));
        assertEquals(first, Files.readString(dir.resolve("prices/eod-2026-11-18.csv")));
        assertEquals(12, first.lines().count());
    }

    @Test
    void the_data_quality_report_finds_gaps_stale_quotes_outliers_and_missing_symbols() throws IOException {
        Files.createDirectories(dir.resolve("prices"));
        StringBuilder csv = new StringBuilder("symbol,date,open,high,low,close,volume\n");
        for (String symbol : SampleMarket.symbols()) {
            csv.append(switch (symbol) {
                case "AAPL" -> "AAPL,2026-11-18,190,192,189,,1000\n";
                case "MSFT" -> "MSFT,2026-11-18,400,405,399,401,0\n";
                case "NVDA" -> "NVDA,2026-11-18,400,600,399,600,1000\n";
                case "XOM" -> "";
                default -> symbol + ",2026-11-18,100,101,99,100.5,1000\n";
            });
        }
        Files.writeString(dir.resolve("prices/eod-2026-11-18.csv"), csv);

        TaskResult result = run(new DataQualityReport(), dir, "dq-1");

        assertEquals("ISSUES 4 in 1 file(s), 9 rows: gap AAPL 2026-11-18 (no close); stale MSFT 2026-11-18 (no "
                + "volume); outlier NVDA 2026-11-18 (+50%); ... -> " + dir + "/reports/data-quality-2026-11-18.txt",
                result.result());
        assertTrue(Files.readString(dir.resolve("reports/data-quality-2026-11-18.txt"))
                .contains("missing XOM eod-2026-11-18.csv"));
    }

    @Test
    void the_data_quality_report_is_clean_on_good_data_and_says_when_there_is_none() {
        assertTrue(run(new DataQualityReport(), dir, "dq-1").result().startsWith("NO DATA"));

        String clean = null;
        for (int i = 0; clean == null; i++) {
            TaskResult refresh = run(new MarketDataRefresh(), dir, "refresh-" + i);
            if (!refresh.result().contains("defect")) {
                clean = run(new DataQualityReport(), dir, "dq-2").result();
            }
        }
        assertTrue(clean.startsWith("CLEAN 1 file(s), 10 rows"), clean);
    }

    @Test
    void research_writes_the_same_candidates_for_a_run_id() throws IOException {
        run(new MarketDataRefresh(), dir, "refresh-1");

        TaskResult result = run(new ResearchBatch(), dir, "research-1", NO_PAUSE);
        String first = Files.readString(dir.resolve("research/candidates.csv"));
        run(new ResearchBatch(), dir, "research-1", NO_PAUSE);

        assertTrue(result.result().startsWith("40 candidates on 10 bars, best c"), result.result());
        assertEquals(first, Files.readString(dir.resolve("research/candidates.csv")));
        assertEquals(42, first.lines().count());
    }

    @Test
    void research_stops_between_chunks_when_cancelled_and_leaves_no_output() throws Exception {
        run(new MarketDataRefresh(), dir, "refresh-1");
        ResearchBatch research = new ResearchBatch();
        Cancellation cancellation = Cancellation.create();

        // The engine calls a Java handler on its blocking dispatcher; so does this test, on another thread.
        CompletableFuture<TaskResult> result = CompletableFuture.supplyAsync(() -> research.run(DeskRuns.context(
                research, dir, "research-1", Map.of("chunk-pause", "10m"), cancellation)))
                .thenCompose(stage -> stage);
        CompletableFuture.runAsync(() -> cancellation.cancel("timeout after 6h"));

        TaskResult outcome = result.get(30, TimeUnit.SECONDS);
        assertTrue(outcome.cancelled(), outcome.toString());
        assertTrue(outcome.error().orElseThrow().startsWith("cancelled: timeout after 6h"), outcome.toString());
        assertFalse(Files.exists(dir.resolve("research/candidates.csv")));
    }

    @Test
    void research_fails_without_prices() {
        TaskResult result = run(new ResearchBatch(), dir, "research-1", NO_PAUSE);

        assertEquals("research-batch: no prices at " + dir + "/prices/eod.csv (the market-data-refresh handler "
                + "writes them)", result.error().orElseThrow());
    }

    @Test
    void validation_approves_strong_candidates_and_rejects_weak_ones() throws IOException {
        Files.createDirectories(dir.resolve("research"));
        Path candidates = dir.resolve("research/candidates.csv");
        Files.writeString(candidates, "id,strategy,sharpe,max_drawdown\nc01,momentum,9.0,0.10\n"
                + "c02,carry,9.0,0.40\nc03,breakout,0.5,0.10\n");

        TaskResult strong = run(new ValidateCandidates(), dir, "validate-1");
        assertTrue(strong.result().startsWith("APPROVED 1 of 3: c01 -> "), strong.result());
        assertEquals(List.of("c01,momentum,9.00", "c02,carry,9.00", "c03,breakout,0.50"),
                Files.readAllLines(dir.resolve("research/validated.csv")).stream().skip(2)
                        .map(l -> l.substring(0, l.indexOf(',', l.indexOf(',', 4) + 1))).toList());

        Files.writeString(candidates, "id,strategy,sharpe,max_drawdown\nc01,momentum,0.9,0.10\n");
        assertEquals("REJECTED", run(new ValidateCandidates(), dir, "validate-2").result());
    }

    @Test
    void a_backup_per_run_id_replaced_when_rerun_and_only_the_newest_kept() throws IOException {
        Path desk = dir.resolve("desk");
        Path backups = dir.resolve("backups");
        Files.createDirectories(desk.resolve("reports"));
        Files.writeString(desk.resolve("positions.csv"), "symbol\n");
        Files.writeString(desk.resolve("reports/pnl-2026-11-18.csv"), "TOTAL\n");
        Map<String, String> settings = Map.of("to", backups.toString(), "keep", "2");
        for (String old : List.of("20261101T010000Z_backup-a", "20261102T010000Z_backup-b")) {
            Files.createDirectories(backups.resolve(old));
        }

        TaskResult first = run(new Backup(), desk, "backup-c", settings);
        Files.writeString(desk.resolve("positions.csv"), "symbol,quantity\n");
        TaskResult again = run(new Backup(), desk, "backup-c", settings);

        assertTrue(first.result().startsWith("backed up 2 file(s), 1 KiB to " + backups
                + "/20261119T010000Z_backup-c; keeping 2, removed 1 older"), first.result());
        assertTrue(again.result().endsWith("removed 0 older"), again.result());
        try (Stream<Path> list = Files.list(backups)) {
            assertEquals(List.of("20261102T010000Z_backup-b", "20261119T010000Z_backup-c"),
                    list.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Path copy = backups.resolve("20261119T010000Z_backup-c");
        assertEquals("symbol,quantity\n", Files.readString(copy.resolve("positions.csv")));
        assertEquals("TOTAL\n", Files.readString(copy.resolve("reports/pnl-2026-11-18.csv")));
    }

    @Test
    void a_desk_that_does_not_exist_yet_has_nothing_to_back_up() {
        TaskResult result = run(new Backup(), dir.resolve("desk"), "backup-1",
                Map.of("to", dir.resolve("backups").toString()));

        assertEquals("nothing to back up: " + dir.resolve("desk") + " does not exist yet", result.result());
    }

    @Test
    void a_backup_folder_inside_the_desk_is_refused() {
        TaskResult result = run(new Backup(), dir, "backup-1", Map.of("to", dir.resolve("backups").toString()));

        assertFalse(result.success());
        assertTrue(result.error().orElseThrow().contains("is inside the desk directory"), result.toString());
    }
}
