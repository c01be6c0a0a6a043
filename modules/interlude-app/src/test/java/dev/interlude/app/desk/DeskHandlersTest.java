package dev.interlude.app.desk;

import static dev.interlude.app.desk.DeskRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.HandlerSpec;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desk as a whole: registration, the shipped catalog's use of it, and both chains end to end on files. */
class DeskHandlersTest {

    @TempDir
    Path dir;

    @Test
    void the_service_loader_registers_the_nine_desk_handlers() {
        assertTrue(HandlerRegistry.fromServiceLoader().names().containsAll(Set.of("positions-snapshot", "risk-check",
                "reconcile", "pnl-report", "market-data-refresh", "research-batch", "validate-candidates",
                "data-quality-report", "backup")));
    }

    @Test
    void every_task_of_the_shipped_catalog_runs_a_registered_handler_and_none_is_simulated() {
        TaskCatalog catalog = CatalogLoader.loadFile(Path.of("../../conf/tasks.conf"), ZoneId.of("America/New_York"));

        assertEquals(List.of(), HandlerRegistry.fromServiceLoader().validate(catalog));
        for (TaskSpec task : catalog.tasks()) {
            assertFalse(task.handler() instanceof HandlerSpec.Simulated, task.name() + " is simulated");
        }
    }

    @Test
    void the_trading_chain_snapshots_checks_reconciles_and_reports() throws IOException {
        TaskResult snapshot = run(new PositionsSnapshot(), dir, "monitor_positions-1");
        TaskResult risk = run(new RiskCheck(), dir, "check_risk_limits-1");
        TaskResult reconcile = run(new Reconcile(), dir, "reconcile_positions-1");
        TaskResult pnl = run(new PnlReport(), dir, "calculate_pnl-1");

        for (TaskResult r : List.of(snapshot, risk, reconcile, pnl)) {
            assertTrue(r.success(), r.toString());
        }
        assertTrue(reconcile.result().startsWith("MATCHED") || reconcile.result().startsWith("MISMATCH"));
        assertTrue(Files.isRegularFile(dir.resolve("reports/pnl-2026-11-18.csv")), pnl.result());
        assertTrue(Files.isRegularFile(dir.resolve("risk.txt")));
    }

    @Test
    void the_research_chain_refreshes_researches_validates_reports_and_backs_up() throws IOException {
        Path backups = dir.resolve("backups");
        Path desk = dir.resolve("desk");
        List<TaskResult> results = List.of(
                run(new MarketDataRefresh(), desk, "refresh_eod_data-1"),
                run(new ResearchBatch(), desk, "run_nightly_research-1", Map.of("chunk-pause", "0ms")),
                run(new ValidateCandidates(), desk, "validate_candidates-1"),
                run(new DataQualityReport(), desk, "weekly_data_quality_report-1"),
                run(new Backup(), desk, "backup_databases-1", Map.of("to", backups.toString())));

        results.forEach(r -> assertTrue(r.success(), r.toString()));
        assertTrue(Files.isRegularFile(desk.resolve("research/validated.csv")));
        try (var folders = Files.list(backups)) {
            Path backup = folders.findFirst().orElseThrow();
            assertTrue(Files.isRegularFile(backup.resolve("research/candidates.csv")), backup.toString());
        }
    }

    @Test
    void snapshots_are_the_same_for_a_run_id_and_cover_every_exposure_level_across_run_ids() throws IOException {
        run(new PositionsSnapshot(), dir, "monitor_positions-7");
        String first = Files.readString(dir.resolve("positions.csv"));
        run(new PositionsSnapshot(), dir, "monitor_positions-8");
        run(new PositionsSnapshot(), dir, "monitor_positions-7");

        assertEquals(first, Files.readString(dir.resolve("positions.csv")));
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String result = run(new PositionsSnapshot(), dir, "monitor_positions-" + i).result();
            flags.add(result.endsWith("NEAR LIMIT") ? "near" : result.endsWith("OVER LIMIT") ? "over" : "within");
        }
        assertEquals(Set.of("within", "near", "over"), flags);
    }

    @Test
    void a_bad_setting_fails_the_attempt_and_names_the_setting() {
        TaskResult result = run(new RiskCheck(), dir, "check_risk_limits-1", Map.of("gross-limit", "lots"));

        assertFalse(result.success());
        assertEquals("risk-check: settings.gross-limit: expected a number, got \"lots\"", result.error().orElseThrow());
    }

    @Test
    void a_relative_desk_directory_is_under_the_interlude_home_else_the_working_directory() {
        assertEquals(Path.of("/opt/interlude/data/desk"),
                Desk.resolve("data/desk", name -> name.equals("INTERLUDE_HOME") ? "/opt/interlude" : null));
        assertEquals(Path.of("").toAbsolutePath().resolve("data/desk"), Desk.resolve("data/desk", name -> null));
        assertEquals(Path.of("/srv/desk"), Desk.resolve("/srv/desk", name -> "/opt/interlude"));
    }
}
