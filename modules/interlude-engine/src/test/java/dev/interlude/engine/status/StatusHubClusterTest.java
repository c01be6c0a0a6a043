package dev.interlude.engine.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one cluster in one JVM (127.0.0.1, free ports), each with its own hub on the {@value StatusHub#TOPIC}
 * topic: what the supervisor's node publishes reaches the subscribers of the other, in the same numbering, and the
 * numbering goes on from there when the supervisor moves.
 */
class StatusHubClusterTest {

    private static final Instant AT = Instant.parse("2026-11-19T01:00:00Z");

    private static ActorTestKit nodeA;
    private static ActorTestKit nodeB;

    private static Config clusterConfig() {
        return ConfigFactory.parseString("""
                        pekko.actor.provider = cluster
                        pekko.remote.artery.canonical.hostname = "127.0.0.1"
                        pekko.remote.artery.canonical.port = 0
                        pekko.cluster.jmx.enabled = off
                        pekko.cluster.typed.receptionist.distributed-data.gossip-interval = 200ms
                        pekko.cluster.typed.receptionist.distributed-data.notify-subscribers-interval = 100ms
                        """)
                .withFallback(ConfigFactory.load());
    }

    @BeforeAll
    static void start() {
        nodeA = ActorTestKit.create("interlude", clusterConfig());
        nodeB = ActorTestKit.create("interlude", clusterConfig());
        Cluster a = Cluster.get(nodeA.system());
        a.manager().tell(Join.create(a.selfMember().address()));
        Cluster b = Cluster.get(nodeB.system());
        b.manager().tell(Join.create(a.selfMember().address()));
        TestProbe<Object> probe = nodeB.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(20), () -> {
            assertEquals(MemberStatus.up(), a.selfMember().status());
            assertEquals(MemberStatus.up(), b.selfMember().status());
            return null;
        });
    }

    @AfterAll
    static void stop() {
        nodeB.shutdownTestKit();
        nodeA.shutdownTestKit();
    }

    private static StatusUpdate phase(String phase) {
        return StatusUpdate.of(AT, StatusType.PHASE_CHANGED, Map.of("phase", phase));
    }

    private static List<Long> receive(TestProbe<StatusEvent> probe, int n) {
        return probe.receiveSeveralMessages(n).stream().map(StatusEvent::sequence).collect(Collectors.toList());
    }

    @Test
    void the_feed_of_the_supervisors_node_reaches_the_subscribers_of_every_node_in_one_numbering() {
        ActorRef<StatusHub.Command> hubA = nodeA.spawn(StatusHub.create(new StatusSettings(100, 5)), "status-hub");
        ActorRef<StatusHub.Command> hubB = nodeB.spawn(StatusHub.create(new StatusSettings(100, 5)), "status-hub");
        TestProbe<StatusEvent> onB = nodeB.createTestProbe();
        hubB.tell(new StatusHub.Subscribe(onB.ref(), Optional.empty()));

        // the topic's instances find each other through the cluster receptionist: until then a publication reaches
        // only its own node, so the supervisor on A publishes until B has heard one
        AtomicLong journal = new AtomicLong();
        long heard = onB.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
            hubA.tell(new StatusHub.Publish(phase("overnight"), journal.incrementAndGet()));
            return onB.receiveMessage(Duration.ofMillis(300)).sequence();
        });
        long last = journal.get();
        if (heard != last * StatusSequence.STRIDE) { // an earlier publication arrived late: skip to the latest
            onB.fishForMessage(Duration.ofSeconds(5), e -> e.sequence() == last * StatusSequence.STRIDE
                    ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        }

        TestProbe<StatusEvent> onA = nodeA.createTestProbe();
        hubA.tell(new StatusHub.Subscribe(onA.ref(), Optional.of(last * StatusSequence.STRIDE)));
        hubA.tell(new StatusHub.PublishAfter(phase("pre_market"), last));
        hubA.tell(new StatusHub.Publish(phase("market_hours"), last + 1));
        List<Long> expected = List.of(last * 1000 + 1, (last + 1) * 1000);
        assertEquals(expected, receive(onB, 2));
        assertEquals(expected, receive(onA, 2));

        // the supervisor moves to B, recovers at journal event last + 1 and notices something before journaling
        hubB.tell(new StatusHub.PublishAfter(phase("post_market"), last + 1));
        hubB.tell(new StatusHub.Publish(phase("overnight"), last + 2));
        List<Long> afterMove = List.of((last + 1) * 1000 + 1, (last + 2) * 1000);
        assertEquals(afterMove, receive(onB, 2));
        assertEquals(afterMove, receive(onA, 2));
        onA.expectNoMessage(Duration.ofMillis(200));
        onB.expectNoMessage(Duration.ZERO);
    }
}
