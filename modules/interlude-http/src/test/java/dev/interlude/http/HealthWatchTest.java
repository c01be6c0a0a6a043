package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.http.webhook.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

class HealthWatchTest {

    @Test
    void a_change_of_verdict_goes_on_the_status_feed() {
        // Saturday noon, inside the weekend research window, where no run has ended for longer than 1 ms: degraded.
        InstantSource saturday = InstantSource.offset(InstantSource.system(),
                Duration.between(Instant.now(), TestNode.SATURDAY_NOON));
        try (TestNode node = TestNode.start(Map.of("health.no-completion-for", "1ms", "health.check-every", "1s"),
                saturday)) {
            TestProbe<StatusEvent> feed = node.kit.createTestProbe();
            node.node.statusHub().tell(new StatusHub.Subscribe(feed.getRef(), Optional.of(0L)));
            StatusEvent changed = feed.fishForMessage(Duration.ofSeconds(10), e -> e.type().equals("health_changed")
                    ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).get(0);
            assertEquals("degraded", changed.details().get("status"));
            assertEquals("healthy", changed.details().get("previous"));
            assertTrue(changed.details().get("checks").contains("research_window_completion warn"),
                    changed.details().toString());
            assertEquals(EventTypes.HEALTH_CHANGED, EventTypes.name(changed.type()));
            assertEquals(Optional.of(WebhookEvent.HEALTH_DEGRADED), WebhookEvent.of(changed));
        }
    }

    @Test
    void a_return_to_healthy_is_on_the_feed_but_not_a_degraded_webhook() {
        StatusEvent healthy = new StatusEvent(5001, Instant.parse("2026-11-21T17:00:00Z"), "health_changed",
                Optional.empty(), Optional.empty(), OptionalInt.empty(),
                Map.of("status", "healthy", "previous", "degraded"));
        assertEquals(Optional.empty(), WebhookEvent.of(healthy));
        assertEquals(EventTypes.HEALTH_CHANGED, EventTypes.name(healthy.type()));
    }
}
