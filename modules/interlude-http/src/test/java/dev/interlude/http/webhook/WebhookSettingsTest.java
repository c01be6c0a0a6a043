package dev.interlude.http.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {

    static final String SECRET = "s3cr3t-for-tests-0123456789abcdef";

    static Config config(String webhooks) {
        return ConfigFactory.parseString(webhooks).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    static String problems(String webhooks) {
        return WebhookSettings.problems(config(webhooks)).stream().map(Problem::toString)
                .collect(Collectors.joining("\n"));
    }

    @Test
    void no_webhooks_by_default() {
        WebhookSettings settings = WebhookSettings.load(ConfigFactory.defaultReference());
        assertFalse(settings.enabled());
        assertEquals(List.of(), WebhookSettings.problems(ConfigFactory.defaultReference()));
    }

    @Test
    void an_endpoint_takes_what_it_does_not_say_from_the_defaults() {
        WebhookSettings settings = WebhookSettings.load(config("""
                interlude.webhook-defaults { secret = "%s", max-attempts = 4 }
                interlude.webhooks = [
                  { url = "https://hooks.example.com/interlude?token=abc", events = [run.abandoned, dispatch.stopped] }
                  { url = "http://127.0.0.1:9000/approvals", events = [run.awaiting_approval, health.degraded],
                    secret = "another-secret-0123456789", timeout = 2s, max-attempts = 10, initial-backoff = 100ms,
                    max-backoff = 10s, max-queue = 5 }
                ]
                """.formatted(SECRET)));
        assertEquals(2, settings.endpoints().size());
        WebhookEndpoint first = settings.endpoints().get(0);
        assertEquals(URI.create("https://hooks.example.com/interlude?token=abc"), first.url());
        assertEquals(Set.of(WebhookEvent.RUN_ABANDONED, WebhookEvent.DISPATCH_STOPPED), first.events());
        assertEquals(SECRET, first.secret());
        assertEquals(Duration.ofSeconds(5), first.timeout());
        assertEquals(4, first.maxAttempts());
        assertEquals(Duration.ofSeconds(2), first.initialBackoff());
        assertEquals(Duration.ofMinutes(5), first.maxBackoff());
        assertEquals(1000, first.maxQueue());
        WebhookEndpoint second = settings.endpoints().get(1);
        assertEquals(1, second.index());
        assertEquals("another-secret-0123456789", second.secret());
        assertEquals(Duration.ofSeconds(2), second.timeout());
        assertEquals(10, second.maxAttempts());
        assertEquals(Duration.ofMillis(100), second.initialBackoff());
        assertEquals(Duration.ofSeconds(10), second.maxBackoff());
        assertEquals(5, second.maxQueue());
        // Logs name an endpoint by its path and origin: never its secret, path or query.
        assertEquals("interlude.webhooks[0] (https://hooks.example.com)", first.label());
        assertEquals("interlude.webhooks[1] (http://127.0.0.1:9000)", second.label());
        assertFalse(first.toString().contains(SECRET), first.toString());
        assertFalse(first.toString().contains("token=abc"), first.toString());
    }

    @Test
    void every_problem_is_named_by_its_path() {
        String problems = problems("""
                interlude.webhook-defaults { secret = "%s" }
                interlude.webhooks = [
                  { url = "ftp://files.example.com/x", events = [run.abandon, dispatch_stopped], timout = 5s }
                  { url = "https://hooks.example.com/a b", events = [], initial-backoff = soon, max-attempts = 0 }
                  { url = "https:///no-host", events = [run.abandoned], max-backoff = 1s, initial-backoff = 2s,
                    max-queue = -1 }
                  { events = [health.degraded], timeout = 5 }
                  not-an-object
                ]
                """.formatted(SECRET));
        for (String expected : List.of(
                "interlude.webhooks[0].url: expected an http:// or https:// URL, got a ftp: URL",
                "interlude.webhooks[0].events[0]: unknown event \"run.abandon\", did you mean \"run.abandoned\"?",
                "interlude.webhooks[0].events[1]: unknown event \"dispatch_stopped\", did you mean "
                        + "\"dispatch.stopped\"?",
                "interlude.webhooks[0].timout: unknown key \"timout\", did you mean \"timeout\"?",
                "interlude.webhooks[1].url: not a URL: Illegal character in path at character 28",
                "interlude.webhooks[1].events: expected at least one of run.abandoned, run.awaiting_approval, "
                        + "dispatch.stopped, dispatch.resumed, health.degraded",
                "interlude.webhooks[1].initial-backoff: expected a duration such as 30s, 15m or 2h, got \"soon\"",
                "interlude.webhooks[1].max-attempts: must be at least 1, got 0",
                "interlude.webhooks[2].url: expected a URL with a host",
                "interlude.webhooks[2].max-backoff: must not be shorter than initial-backoff (2s), got 1s",
                "interlude.webhooks[2].max-queue: must be at least 1, got -1",
                "interlude.webhooks[3].url: missing required key",
                "interlude.webhooks[3].timeout: expected a duration such as 30s, 15m or 2h, got 5",
                "interlude.webhooks[4]: expected an object, got \"not-an-object\"")) {
            assertTrue(problems.contains(expected), "expected «" + expected + "» in:\n" + problems);
        }
        assertEquals(14, problems.lines().count(), problems);
        assertFalse(problems.contains(SECRET), problems);
    }

    @Test
    void a_secret_is_required_long_enough_and_never_repeated() {
        String missing = problems("interlude.webhooks = [ { url = \"https://h.example.com/\", events = [run.abandoned] } ]");
        assertTrue(missing.startsWith("interlude.webhooks[0].secret: missing"), missing);
        assertTrue(missing.contains("INTERLUDE_WEBHOOK_SECRET"), missing);

        String shortOne = problems("interlude.webhooks = [ { url = \"https://h.example.com/\", events = "
                + "[run.abandoned], secret = \"hunter2\" } ]");
        assertEquals("interlude.webhooks[0].secret: too short: use at least 16 random characters "
                + "(e.g. openssl rand -hex 32)", shortOne);

        String number = problems("interlude.webhooks = [ { url = \"https://h.example.com/\", events = "
                + "[run.abandoned], secret = 1234567890123456789 } ]");
        assertTrue(number.startsWith("interlude.webhooks[0].secret: expected a quoted string"), number);
        assertFalse(number.contains("1234567890123456789"), number);

        String fromDefaults = problems("interlude.webhook-defaults.secret = \"short\"\n"
                + "interlude.webhooks = [ { url = \"https://h.example.com/\", events = [run.abandoned] } ]");
        assertTrue(fromDefaults.contains("(from interlude.webhook-defaults.secret"), fromDefaults);
        assertFalse(fromDefaults.contains("\"short\""), fromDefaults);
    }

    @Test
    void bad_urls_are_refused_without_being_repeated() {
        String userInfo = problems("interlude.webhook-defaults.secret = \"" + SECRET + "\"\n"
                + "interlude.webhooks = [ { url = \"https://bob:pa55word@h.example.com/\", events = [run.abandoned] } ]");
        assertTrue(userInfo.startsWith("interlude.webhooks[0].url: remove the user name and password"), userInfo);
        assertFalse(userInfo.contains("pa55word"), userInfo);
    }

    @Test
    void defaults_are_checked_too_and_a_list_is_expected() {
        String problems = problems("""
                interlude.webhook-defaults { max-atempts = 3, timeout = -1s }
                interlude.webhooks { url = "https://h.example.com/" }
                """);
        assertTrue(problems.contains("interlude.webhook-defaults.max-atempts: unknown key \"max-atempts\", "
                + "did you mean \"max-attempts\"?"), problems);
        assertTrue(problems.contains("interlude.webhook-defaults.timeout: must be positive, got -1s"), problems);
        assertTrue(problems.contains("interlude.webhooks: expected a list of objects, got an object"), problems);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WebhookSettings.load(config(
                "interlude.webhooks = [ { url = \"https://h.example.com/\", events = [run.abandoned] } ]")));
        assertEquals("interlude.webhooks[0].secret", e.problems().get(0).path());
    }

    @Test
    void backoff_doubles_with_jitter_up_to_the_cap() {
        WebhookEndpoint endpoint = new WebhookEndpoint(0, URI.create("https://h.example.com/"),
                Set.of(WebhookEvent.RUN_ABANDONED), SECRET, Duration.ofSeconds(5), 6, Duration.ofSeconds(2),
                Duration.ofSeconds(10), 10);
        assertEquals(Duration.ofSeconds(1), endpoint.backoff(1, 0.0));
        assertEquals(Duration.ofMillis(1999), endpoint.backoff(1, 0.9995));
        assertEquals(Duration.ofSeconds(2), endpoint.backoff(2, 0.0));
        assertEquals(Duration.ofMillis(3000), endpoint.backoff(2, 0.5));
        assertEquals(Duration.ofSeconds(4), endpoint.backoff(3, 0.0));
        assertEquals(Duration.ofSeconds(5), endpoint.backoff(4, 0.0)); // 16 s, capped at 10 s
        assertEquals(Duration.ofSeconds(5), endpoint.backoff(1000, 0.0));
        assertTrue(endpoint.backoff(1000, 0.999).compareTo(Duration.ofSeconds(10)) <= 0);
    }

    @Test
    void every_duration_and_number_of_the_defaults_and_of_each_endpoint_has_a_range() {
        String problems = problems("""
                interlude.webhook-defaults { secret = "%s", timeout = 300d, max-attempts = 101,
                                             initial-backoff = 300d, max-backoff = 300d, max-queue = 2e9 }
                interlude.webhooks = [
                  { url = "https://h.example.com/", events = [run.abandoned], timeout = 2h, max-attempts = 99999999999,
                    initial-backoff = 2d, max-backoff = 99999999999d, max-queue = 100001 }
                ]
                """.formatted(SECRET));
        assertEquals(String.join("\n",
                "interlude.webhook-defaults.initial-backoff: must be at most 1d, got 300d",
                "interlude.webhook-defaults.max-attempts: must be at most 100, got 101",
                "interlude.webhook-defaults.max-backoff: must be at most 1d, got 300d",
                "interlude.webhook-defaults.max-queue: must be at most 100000, got 2000000000",
                "interlude.webhook-defaults.timeout: must be at most 1h, got 300d",
                "interlude.webhooks[0].initial-backoff: must be at most 1d, got 2d",
                "interlude.webhooks[0].max-attempts: must be at most 100, got 99999999999",
                "interlude.webhooks[0].max-backoff: must be at most 1d, got 99999999999d",
                "interlude.webhooks[0].max-queue: must be at most 100000, got 100001",
                "interlude.webhooks[0].timeout: must be at most 1h, got 2h"), problems);
    }

    @Test
    void at_the_edges_of_the_ranges_no_retry_waits_longer_than_max_backoff() {
        WebhookSettings settings = WebhookSettings.load(config("""
                interlude.webhook-defaults { secret = "%s", timeout = 1h, max-attempts = 100, max-queue = 100000 }
                interlude.webhooks = [
                  { url = "https://h.example.com/a", events = [run.abandoned], initial-backoff = 1d, max-backoff = 1d }
                  { url = "https://h.example.com/b", events = [run.abandoned], initial-backoff = 1ms, max-backoff = 1d }
                ]
                """.formatted(SECRET)));
        for (WebhookEndpoint endpoint : settings.endpoints()) {
            assertEquals(Duration.ofHours(1), endpoint.timeout());
            assertEquals(100_000, endpoint.maxQueue());
            Duration last = endpoint.backoff(endpoint.maxAttempts() - 1, 0.999_999);
            assertTrue(last.compareTo(Duration.ofHours(12)) >= 0 && last.compareTo(Duration.ofDays(1)) <= 0,
                    endpoint.label() + ": " + last);
        }
    }
}
