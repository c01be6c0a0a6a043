package dev.interlude.hardware;

import dev.interlude.engine.CborSerializable;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.status.StatusType;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The LED board: follows the status feed (from the hub's buffer on, so it knows the mode after a restart), computes
 * what each channel shows ({@link BoardMap}) and hands every change to its {@link LedWriter}, which owns the device on
 * the blocking dispatcher. A failing device restarts only the writer, with a backoff; a burst of failures is logged
 * once, and once more when the device works again. Nothing here ever reaches the supervisor.
 */
public final class LedBoard extends AbstractBehavior<LedBoard.Command> {

    /** The blocking dispatcher every device write runs on (see the engine's reference.conf). */
    public static final String DISPATCHER = "interlude.blocking-dispatcher";

    public sealed interface Command extends CborSerializable {
    }

    /** Ask what the board should show now (for tests and diagnostics). */
    /** Time to read the LEDs back (a replugged board comes back blank). */
    enum VerifyDue implements Command {
        INSTANCE
    }

    public record GetBoard(ActorRef<Shown> replyTo) implements Command {
    }

    /** What the board should show, and the status it comes from. */
    public record Shown(BoardStatus status, Map<String, LedPattern> board) implements CborSerializable {
        public Shown {
            board = Map.copyOf(board);
        }
    }

    private record Status(StatusEvent event) implements Command {
    }

    private enum AlertOver implements Command { INSTANCE }

    /** The writer (re)started and needs the whole board. */
    enum WriterStarted implements Command { INSTANCE }

    /** The writer wrote a change without any error. */
    enum Written implements Command { INSTANCE }

    /** A write failed; the writer restarts. */
    record WriteFailed(String problem) implements Command {
    }

    private final LedSettings settings;
    private final InstantSource clock;
    private final TimerScheduler<Command> timers;
    private final ActorRef<LedWriter.Command> writer;
    private BoardStatus status = BoardStatus.INITIAL;
    private Map<String, LedPattern> board;
    private int failures;

    /**
     * A board showing the hub's feed on {@code device}.
     *
     * @param clock the node's clock, to tell a fresh {@code run_abandoned} (alert) from one replayed from the buffer
     */
    public static Behavior<Command> create(LedSettings settings, LedDevice device, ActorRef<StatusHub.Command> hub,
                                           InstantSource clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new LedBoard(context, timers, settings, device, hub, clock)));
    }

    private LedBoard(ActorContext<Command> context, TimerScheduler<Command> timers, LedSettings settings,
                     LedDevice device, ActorRef<StatusHub.Command> hub, InstantSource clock) {
        super(context);
        this.settings = settings;
        this.clock = clock;
        this.timers = timers;
        this.board = settings.map().show(status);
        Behavior<LedWriter.Command> supervised = Behaviors.supervise(
                        LedWriter.create(device, settings.channels(), settings.finalState(), context.getSelf()))
                .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2)
                        .withLoggingEnabled(false));
        this.writer = context.spawn(supervised, "writer", DispatcherSelector.fromConfig(DISPATCHER));
        hub.tell(new StatusHub.Subscribe(context.messageAdapter(StatusEvent.class, Status::new), Optional.of(0L)));
        timers.startTimerWithFixedDelay(VerifyDue.INSTANCE, settings.verifyEvery());
        context.getLog().info("LED board on {}: {}", settings.driver().id(), ConsoleLeds.line(board));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Status.class, this::onStatus)
                .onMessage(AlertOver.class, a -> show(status.withAlerting(false)))
                .onMessage(WriterStarted.class, s -> send())
                .onMessage(Written.class, w -> onWritten())
                .onMessage(WriteFailed.class, this::onWriteFailed)
                .onMessage(GetBoard.class, this::onGetBoard)
                .onMessageEquals(VerifyDue.INSTANCE, () -> {
                    writer.tell(LedWriter.Verify.INSTANCE);
                    return this;
                })
                .build();
    }

    private Behavior<Command> onStatus(Status message) {
        StatusEvent event = message.event();
        BoardStatus next = status.apply(event);
        if (StatusType.RUN_ABANDONED.id().equals(event.type())) {
            Duration left = settings.alertFor().minus(Duration.between(event.at(), clock.instant()));
            if (!left.isNegative() && !left.isZero()) {
                timers.startSingleTimer(AlertOver.INSTANCE, left);
                next = next.withAlerting(true);
            }
        }
        return show(next);
    }

    private Behavior<Command> show(BoardStatus next) {
        status = next;
        Map<String, LedPattern> shown = settings.map().show(next);
        if (!shown.equals(board)) {
            board = shown;
            send();
        }
        return this;
    }

    private Behavior<Command> send() {
        writer.tell(new LedWriter.Show(board));
        return this;
    }

    private Behavior<Command> onWritten() {
        if (failures > 0) {
            getContext().getLog().info("LED board: the device works again after {} failed attempt(s)", failures);
            failures = 0;
        }
        return this;
    }

    private Behavior<Command> onWriteFailed(WriteFailed failed) {
        if (failures++ == 0) {
            getContext().getLog().warn("LED board: {}; retrying with a backoff up to {} (scheduling is not affected;"
                    + " further failures are not logged until it works again)", failed.problem(),
                    settings.maxBackoff());
        }
        return this;
    }

    private Behavior<Command> onGetBoard(GetBoard get) {
        get.replyTo().tell(new Shown(status, board));
        return this;
    }
}
