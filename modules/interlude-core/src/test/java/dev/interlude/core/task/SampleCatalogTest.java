package dev.interlude.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.window.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalog shipped in the repository's conf/, read where it lives so the test cannot drift from it. */
class SampleCatalogTest {

    private static final Path SAMPLE = Path.of("../../conf/tasks.conf");
    private static final TaskCatalog CATALOG = CatalogLoader.loadFile(SAMPLE, ZoneId.of("America/New_York"));

    @Test
    void the_shipped_sample_loads_without_problems_and_models_the_desk() {
        assertEquals(List.of("monitor_positions", "check_risk_limits", "send_alerts", "refresh_data",
                "reconcile_positions", "calculate_pnl", "refresh_eod_data", "run_nightly_research",
                "validate_candidates", "weekend_model_retrain", "backfill_history", "backup_databases",
                "weekly_data_quality_report", "cleanup_logs"), List.copyOf(CATALOG.names()));
    }

    @Test
    void history_backfill_fills_idle_research_time() {
        TaskSpec backfill = task("backfill_history");

        assertTrue(backfill.opportunistic());
        assertEquals(Priority.BACKGROUND, backfill.priority());
        assertEquals(new Trigger.Interval(Duration.ofHours(1)), backfill.trigger());
        assertEquals(Set.of(Phase.OVERNIGHT, Phase.WEEKEND, Phase.HOLIDAY), backfill.phases());
    }

    @Test
    void market_hours_tasks_run_on_short_intervals() {
        TaskSpec risk = task("check_risk_limits");

        assertEquals(Priority.CRITICAL, risk.priority());
        assertEquals(Set.of(Phase.PRE_MARKET, Phase.MARKET_HOURS), risk.phases());
        assertEquals(new Trigger.Interval(Duration.ofMinutes(15)), risk.trigger());
        assertEquals(new Trigger.Interval(Duration.ofMinutes(5)), task("monitor_positions").trigger());
    }

    @Test
    void nightly_research_waits_for_eod_data_and_conflicts_both_ways() {
        TaskSpec research = task("run_nightly_research");

        assertEquals(List.of("refresh_eod_data"), research.dependencies());
        assertEquals(4096, research.memoryMb());
        assertEquals(Duration.ofHours(3), research.estimatedDuration());
        assertTrue(research.extendable());
        assertEquals(Set.of(Phase.OVERNIGHT, Phase.WEEKEND, Phase.HOLIDAY), research.phases());
        assertTrue(task("refresh_eod_data").conflicts().contains("run_nightly_research"));
        assertTrue(task("validate_candidates").conflicts().contains("run_nightly_research"));
    }

    @Test
    void cleanup_logs_shows_a_command_handler() {
        TaskSpec cleanup = task("cleanup_logs");

        assertTrue(cleanup.opportunistic());
        assertEquals(Priority.BACKGROUND, cleanup.priority());
        assertEquals(List.of("conf/scripts/cleanup-logs.sh", "data/logs", "14"),
                ((HandlerSpec.Command) cleanup.handler()).argv());
    }

    @Test
    void the_desk_tasks_name_their_java_handlers_and_desk_directory() {
        HandlerSpec.Java snapshot = (HandlerSpec.Java) task("monitor_positions").handler();

        assertEquals("positions-snapshot", snapshot.name());
        assertEquals("data/desk", snapshot.settings().get("dir"));
        assertEquals("5000000", snapshot.settings().get("gross-limit"));
        assertEquals(List.of("conf/scripts/send-alert.sh"),
                ((HandlerSpec.Command) task("send_alerts").handler()).argv());
    }

    @Test
    void send_alerts_runs_only_when_asked() {
        assertEquals(new Trigger.Manual(), task("send_alerts").trigger());
    }

    private static TaskSpec task(String name) {
        return CATALOG.get(name).orElseThrow();
    }
}
