package dev.interlude.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;

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

    private HttpServer() {
    }

    public static Behavior<Command> create(HttpSettings settings, Route route) {
        return Behaviors.setup(context -> {
            context.pipeToSelf(Http.get(context.getSystem()).newServerAt(settings.host(), settings.port()).bind(route),
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
