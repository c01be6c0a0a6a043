package dev.interlude.http;

import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.status.StatusType;
import dev.interlude.engine.status.StatusUpdate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Judges the node's health on its own every {@code interlude.http.health.check-every}, and when the verdict
 * changes (healthy, degraded, unhealthy) publishes a {@code health_changed} status event: the status feed's
 * {@code health.changed}, the dashboard's health badge and LED mirror, and the webhooks' {@code health.degraded}.
 * The first verdict after the node starts is published too, unless it is healthy.
 */
public final class HealthWatch {

    public sealed interface Command {
    }

    private enum Check implements Command {
        INSTANCE
    }

    private record Judged(Optional<Health> health, Optional<Throwable> failure) implements Command {
    }

    private HealthWatch() {
    }

    public static Behavior<Command> create(NodeApi node, Duration every) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Check.INSTANCE, Duration.ZERO, every);
            Health.Verdict[] last = {Health.Verdict.HEALTHY};
            boolean[] judging = {false};
            return Behaviors.receive(Command.class)
                    .onMessageEquals(Check.INSTANCE, () -> {
                        if (!judging[0]) {
                            judging[0] = true;
                            context.pipeToSelf(node.health(), (health, failure) -> new Judged(
                                    Optional.ofNullable(health), Optional.ofNullable(failure)));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Judged.class, judged -> {
                        judging[0] = false;
                        if (judged.health().isEmpty()) {
                            context.getLog().debug("health watch: no verdict ({})", judged.failure().orElse(null));
                            return Behaviors.same();
                        }
                        Health health = judged.health().get();
                        if (health.status() != last[0]) {
                            node.statusHub().tell(new StatusHub.PublishAfter(update(health, last[0]), 0));
                            context.getLog().info("health: {} (was {}){}", health.status().id(), last[0].id(),
                                    failing(health).isEmpty() ? "" : ": " + failing(health));
                            last[0] = health.status();
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    /** The status update of a change of verdict: the new one, the one before, and the checks that did not pass. */
    static StatusUpdate update(Health health, Health.Verdict previous) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("status", health.status().id());
        details.put("previous", previous.id());
        String failing = failing(health);
        if (!failing.isEmpty()) {
            details.put("checks", failing);
        }
        return StatusUpdate.of(health.checkedAt(), StatusType.HEALTH_CHANGED, details);
    }

    private static String failing(Health health) {
        return health.checks().stream().filter(c -> c.status() != Health.Result.PASS)
                .map(c -> c.name() + " " + c.status().id() + (c.detail() == null ? "" : " (" + c.detail() + ")"))
                .collect(Collectors.joining("; "));
    }
}
