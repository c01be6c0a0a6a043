package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium: it connects to the status feed, and a run that appears on the feed
 * appears on the page. Needs Debian's {@code chromium}: skipped with the reason printed when it is missing outside
 * CI, failing in CI. Leaves a screenshot at {@code target/dashboard.png}.
 */
class DashboardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void a_run_on_the_feed_appears_on_the_page() throws Exception {
        Optional<Path> chromium = HeadlessChromium.executable();
        if (chromium.isEmpty()) {
            String reason = "no chromium on PATH (apt-get install chromium): the dashboard's browser test needs one";
            if (System.getenv("CI") != null) {
                fail(reason);
            }
            System.out.println("SKIPPED DashboardBrowserTest: " + reason);
            Assumptions.abort(reason);
        }
        try (TestNode node = TestNode.start(); HeadlessChromium browser = HeadlessChromium.launch(chromium.get(),
                1400, 1000)) {
            browser.open(node.base.resolve("/"));
            // The page says when its feed is live.
            assertEquals(true, browser.evaluate("new Promise((resolve, reject) => { const t = setTimeout(() => "
                    + "reject('the feed did not connect'), 15000); const check = () => document.getElementById("
                    + "'feed-text').textContent === 'live' ? (clearTimeout(t), resolve(true)) : setTimeout(check, "
                    + "50); check(); })", WAIT).asBoolean());

            String requestId = node.node.requestRun("quick_report", Map.of(), "browser test").toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertTrue(requestId.startsWith("req-"), requestId);
            // The run's id, as the page shows it once the feed brings its start or its success.
            String runId = browser.evaluate("new Promise((resolve, reject) => { const t = setTimeout(() => "
                    + "reject('no run of quick_report on the page'), 15000); const check = () => { const row = "
                    + "[...document.querySelectorAll('#events tr[data-run]')].find(r => r.textContent.includes("
                    + "'quick_report')); row ? (clearTimeout(t), resolve(row.dataset.run)) : setTimeout(check, 50); };"
                    + " check(); })", WAIT).asText();
            assertTrue(runId.startsWith("quick_report-"), runId);
            assertTrue(node.node.state().toCompletableFuture().get(10, TimeUnit.SECONDS).completions().stream()
                    .anyMatch(c -> c.runId().equals(runId)) || node.node.state().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).running().containsKey(runId), "the page shows a real run: " + runId);
            Path screenshot = Path.of("target", "dashboard.png");
            browser.screenshot(screenshot);
            assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the dashboard");
            System.out.println("dashboard screenshot: " + screenshot.toAbsolutePath());
        }
    }
}
