package dev.interlude.http;

import com.typesafe.config.Config;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * The status feed's settings ({@code interlude.http.events}), checked as they are read with the rest of
 * {@code interlude.http}, and read once per actor system ({@link #get(ActorSystem)}). Each has a range (the
 * constants below), named with the value when it is outside it.
 *
 * @param heartbeat  how often every connection gets a comment line, events or not, so proxies and clients see it
 *                   is alive
 * @param buffer     how many status events a client may be behind before it is disconnected (with a final
 *                   {@code disconnected} event), so a slow client never holds anything else up
 * @param hubTimeout how long a connecting client waits for the node's status hub before it is answered 503
 */
public record EventSettings(Duration heartbeat, int buffer, Duration hubTimeout) implements Extension {

    private static final Set<String> KEYS = Set.of("heartbeat", "buffer", "hub-timeout");

    /** A heartbeat at least every 10 minutes keeps a connection through proxies; more than one a second is noise. */
    public static final Duration MIN_HEARTBEAT = Duration.ofSeconds(1);
    public static final Duration MAX_HEARTBEAT = Duration.ofMinutes(10);
    /** Events a client may fall behind: each connection may hold this many in memory. */
    public static final int MAX_BUFFER = 1_000_000;

    private static final Id ID = new Id();

    /** This actor system's settings, read from its configuration the first time they are asked for. */
    public static EventSettings get(ActorSystem system) {
        return ID.get(system);
    }

    /**
     * Reads {@code interlude.http.events} from {@code root} (with the reference defaults as its fallback).
     *
     * @throws InvalidInputException with every problem, by path
     */
    public static EventSettings load(Config root) {
        List<Problem> problems = new ArrayList<>();
        Optional<EventSettings> settings = new ConfigSection(root.root(), "", problems).requiredSection("interlude")
                .flatMap(i -> i.requiredSection("http"))
                .flatMap(EventSettings::read);
        if (!problems.isEmpty() || settings.isEmpty()) {
            throw new InvalidInputException(problems.stream().sorted().distinct().toList());
        }
        return settings.get();
    }

    /** Reads the {@code events} block of {@code http}, recording its problems there; empty if it has any. */
    static Optional<EventSettings> read(ConfigSection http) {
        return http.requiredSection("events").flatMap(c -> {
            c.allowOnly(KEYS);
            c.require("heartbeat", "buffer", "hub-timeout");
            Optional<Duration> heartbeat = c.duration("heartbeat", MIN_HEARTBEAT, MAX_HEARTBEAT);
            Optional<Integer> buffer = c.wholeNumber("buffer", "a whole number of events", 1, MAX_BUFFER);
            Optional<Duration> hubTimeout = c.positiveDuration("hub-timeout", HttpSettings.MAX_TIMEOUT);
            if (heartbeat.isEmpty() || buffer.isEmpty() || hubTimeout.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new EventSettings(heartbeat.get(), buffer.get(), hubTimeout.get()));
        });
    }

    private static final class Id extends AbstractExtensionId<EventSettings> {
        @Override
        public EventSettings createExtension(ExtendedActorSystem system) {
            return load(system.settings().config());
        }
    }
}
