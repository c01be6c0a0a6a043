package dev.interlude.app.desk;

import static dev.interlude.app.desk.DeskRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** risk-check, reconcile and pnl-report on hand-written books. */
class TradingHandlersTest {

    @TempDir
    Path dir;

    private void write(String file, Position... positions) throws IOException {
        Files.writeString(dir.resolve(file), Position.csv("test book", List.of(positions)));
    }

    @Test
    void the_risk_check_says_ok_limit_or_breach_against_the_gross_limit() throws IOException {
        write("positions.csv", new Position("AAPL", 8_000, 180, 200), new Position("MSFT", -1_000, 400, 400));
        String ok = run(new RiskCheck(), dir, "r1").result();
        assertTrue(ok.startsWith("OK gross 2,000,000 = 40% of 5,000,000 (2 positions, test book)"), ok);

        write("positions.csv", new Position("AAPL", 8_000, 180, 200), new Position("MSFT", 4_000, 400, 400),
                new Position("SPY", 3_000, 460, 460));
        String limit = run(new RiskCheck(), dir, "r2").result();
        assertTrue(limit.startsWith("LIMIT gross 4,580,000 = 92% of 5,000,000"), limit);

        write("positions.csv", new Position("AAPL", 8_000, 180, 200), new Position("MSFT", 4_000, 400, 400),
                new Position("SPY", 3_500, 460, 460), new Position("JPM", -2_000, 170, 170));
        String breach = run(new RiskCheck(), dir, "r3").result();
        assertTrue(breach.startsWith("BREACH gross 5,150,000 = 103%"), breach);
        assertTrue(Files.readString(dir.resolve("risk.txt")).contains(breach));
    }

    @Test
    void one_position_over_the_single_position_limit_is_a_breach() throws IOException {
        write("positions.csv", new Position("NVDA", 4_000, 450, 480));

        String result = run(new RiskCheck(), dir, "r1").result();

        assertTrue(result.startsWith("BREACH gross 1,920,000 = 38% of 5,000,000, NVDA 1,920,000 over the "
                + "single-position limit 1,750,000"), result);
    }

    @Test
    void with_no_snapshot_the_book_is_flat() {
        assertTrue(run(new RiskCheck(), dir, "r1").result().startsWith("OK flat book"));
    }

    @Test
    void reconcile_matches_equal_books_and_names_the_symbols_that_differ() throws IOException {
        write("positions.csv", new Position("AAPL", 100, 180, 200), new Position("MSFT", 50, 400, 410));
        write("broker-statement.csv", new Position("AAPL", 100, 180, 200), new Position("MSFT", 50, 400, 410));
        assertTrue(run(new Reconcile(), dir, "rec1").result().startsWith("MATCHED 2 positions"));

        write("broker-statement.csv", new Position("AAPL", 120, 180, 200), new Position("MSFT", 50, 400, 410),
                new Position("XOM", 10, 100, 105));
        TaskResult result = run(new Reconcile(), dir, "rec2");

        assertTrue(result.result().startsWith("MISMATCH 2 (AAPL, XOM)"), result.result());
        List<String> lines = Files.readAllLines(dir.resolve("reconciled.csv"));
        assertEquals("AAPL,120,180.00,200.00,24000.00,100,mismatch", lines.get(2));
        assertEquals("MSFT,50,400.00,410.00,20500.00,50,matched", lines.get(3));
        assertEquals("XOM,10,100.00,105.00,1050.00,0,mismatch", lines.get(4));
    }

    @Test
    void a_desk_with_no_files_yet_reconciles_to_nothing() {
        assertTrue(run(new Reconcile(), dir, "rec1").result().startsWith("MATCHED 0 positions"));
    }

    @Test
    void the_pnl_report_totals_the_reconciled_positions_into_a_report_for_the_new_york_day() throws IOException {
        write("reconciled.csv", new Position("AAPL", 100, 180, 200), new Position("MSFT", -50, 400, 410));

        TaskResult result = run(new PnlReport(), dir, "pnl-1");

        assertEquals("P&L +1,500.00 on 2 positions -> " + dir + "/reports/pnl-2026-11-18.csv", result.result());
        List<String> report = Files.readAllLines(dir.resolve("reports/pnl-2026-11-18.csv"));
        assertEquals(List.of("# P&L for 2026-11-18 by pnl-1", "symbol,quantity,avg_cost,price,pnl",
                "AAPL,100,180.00,200.00,2000.00", "MSFT,-50,400.00,410.00,-500.00", "TOTAL,,,,1500.00"), report);
    }

    @Test
    void the_pnl_report_fails_without_reconciled_positions() {
        TaskResult result = run(new PnlReport(), dir, "pnl-1");

        assertFalse(result.success());
        assertTrue(result.error().orElseThrow().startsWith("pnl-report: no reconciled positions at "),
                result.toString());
    }
}
