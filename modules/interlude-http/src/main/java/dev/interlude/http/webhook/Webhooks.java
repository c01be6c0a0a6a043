package dev.interlude.http.webhook;

import dev.interlude.engine.CborSerializable;
import dev.interlude.engine.status.StatusHub;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The node's webhooks: one {@link WebhookSender} per configured endpoint, each subscribed to the status hub on its
 * own, so a receiver that is slow or down delays no other. This actor only wires them, says at startup what each
 * endpoint is told (and which of its events cannot fire in this version), and forwards questions to them.
 *
 * <p>On a cluster, run one per cluster (a cluster singleton next to the supervisor): every node's hub carries the
 * whole cluster's feed, so one actor per node would deliver every event once per node.
 */
public final class Webhooks {

    public sealed interface Command extends CborSerializable {
    }

    /** Answers the counters of endpoint {@code endpoint} (its index in {@code interlude.webhooks}). */
    public record GetStats(int endpoint, ActorRef<WebhookSender.Stats> replyTo) implements Command {
    }

    private Webhooks() {
    }

    public static Behavior<Command> create(WebhookSettings settings, ActorRef<StatusHub.Command> hub,
                                           InstantSource clock) {
        return Behaviors.setup(context -> {
            Duration longestTimeout = settings.endpoints().stream().map(WebhookEndpoint::timeout)
                    .max(Comparator.naturalOrder()).orElse(Duration.ofSeconds(5));
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(longestTimeout)
                    .build();
            List<ActorRef<WebhookSender.Command>> senders = new ArrayList<>();
            for (WebhookEndpoint endpoint : settings.endpoints()) {
                context.getLog().info("webhooks: telling {} of {}", endpoint.label(), names(endpoint));
                senders.add(context.spawn(Behaviors.supervise(WebhookSender.create(endpoint, hub, client, clock))
                        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1),
                                0.2)), "endpoint-" + endpoint.index()));
            }
            return Behaviors.receive(Command.class)
                    .onMessage(GetStats.class, get -> {
                        if (get.endpoint() >= 0 && get.endpoint() < senders.size()) {
                            senders.get(get.endpoint()).tell(new WebhookSender.GetStats(get.replyTo()));
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static String names(WebhookEndpoint endpoint) {
        return endpoint.events().stream().sorted().map(WebhookEvent::id)
                .collect(Collectors.joining(", "));
    }
}
