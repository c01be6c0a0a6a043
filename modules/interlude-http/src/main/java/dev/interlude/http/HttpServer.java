package dev.interlude.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ParserSettings;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The route actor: binds the node's routes at {@code interlude.http.host}/{@code port} when it starts, and unbinds
 * them when it stops (with the node). Whoever started it can ask where it listens, or why it could not.
 */
public final class HttpServer {

    public sealed interface Command {
    }

    /** Answers where the server listens once it is bound, or why it could not bind. */
    public record GetBinding(ActorRef<Binding> replyTo) implements Command {
    }

    /** Where the server listens, or why it does not. */
    public record Binding(Optional<InetSocketAddress> address, Optional<String> failure) {
    }

    private record Bound(ServerBinding binding) implements Command {
    }

    private record BindFailed(Throwable cause) implements Command {
    }

    /**
     * Headers whose values are credentials. Pekko parses them into models and, when one is malformed, logs a warning
     * quoting it ("Illegal header: ... Bearer <token>"); for these it never does, whatever the configuration says.
     * Headers Pekko does not model ({@code X-Api-Key} and the like) are never quoted in its logs.
     */
    static final List<String> SECRET_HEADERS = List.of("authorization", "proxy-authorization", "cookie",
            "set-cookie");

    private HttpServer() {
    }

    /**
     * The server settings of {@code pekko.http.server}, with what this node needs whatever they say: a malformed
     * credential header is never logged ({@link #SECRET_HEADERS} added to {@code parsing.ignore-illegal-header-for}),
     * and a request Pekko cannot parse is answered with a problem document ({@link ProblemParsingErrorHandler}).
     */
    static ServerSettings guarded(ServerSettings configured) {
        ParserSettings parser = configured.getParserSettings();
        Set<String> ignored = new TreeSet<>(SECRET_HEADERS);
        CollectionConverters.asJava(parser.getIgnoreIllegalHeaderFor())
                .forEach(h -> ignored.add(h.toLowerCase(Locale.ROOT)));
        return configured
                .withParserSettings(parser.withIgnoreIllegalHeaderFor(CollectionConverters.asScala(
                        List.copyOf(ignored)).toList()))
                .withParsingErrorHandler(ProblemParsingErrorHandler.class.getName());
    }

    public static Behavior<Command> create(HttpSettings settings, Route route) {
        return Behaviors.setup(context -> {
            context.pipeToSelf(Http.get(context.getSystem()).newServerAt(settings.host(), settings.port())
                            .adaptSettings(HttpServer::guarded).bind(route),
                    (binding, failure) -> failure != null ? new BindFailed(failure) : new Bound(binding));
            List<ActorRef<Binding>> waiting = new ArrayList<>();
            return Behaviors.receive(Command.class)
                    .onMessage(GetBinding.class, get -> {
                        waiting.add(get.replyTo());
                        return Behaviors.same();
                    })
                    .onMessage(Bound.class, bound -> {
                        InetSocketAddress address = bound.binding().localAddress();
                        context.getLog().info("serving the API, the status feed and the dashboard on http://{}:{}/",
                                address.getHostString(), address.getPort());
                        Binding answer = new Binding(Optional.of(address), Optional.empty());
                        waiting.forEach(w -> w.tell(answer));
                        return bound(bound.binding(), answer);
                    })
                    .onMessage(BindFailed.class, failed -> {
                        String why = "cannot listen on " + settings.host() + ":" + settings.port() + ": "
                                + (failed.cause().getMessage() == null ? failed.cause().getClass().getSimpleName()
                                : failed.cause().getMessage());
                        context.getLog().error(why);
                        Binding answer = new Binding(Optional.empty(), Optional.of(why));
                        waiting.forEach(w -> w.tell(answer));
                        return failed(answer);
                    })
                    .build();
        });
    }

    private static Behavior<Command> bound(ServerBinding binding, Binding answer) {
        return Behaviors.receive(Command.class)
                .onMessage(GetBinding.class, get -> {
                    get.replyTo().tell(answer);
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, stop -> {
                    binding.terminate(Duration.ofSeconds(3));
                    return Behaviors.same();
                })
                .build();
    }

    private static Behavior<Command> failed(Binding answer) {
        return Behaviors.receive(Command.class)
                .onMessage(GetBinding.class, get -> {
                    get.replyTo().tell(answer);
                    return Behaviors.same();
                })
                .build();
    }
}
