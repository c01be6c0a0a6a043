package dev.interlude.hardware;

import dev.interlude.engine.CborSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The actor owning the device: writes the board's changes, and only them, remembering what each LED shows. It runs
 * on {@code interlude.blocking-dispatcher} (its writes block). A failed write fails it: {@link LedBoard} restarts it
 * with a backoff, and it then asks for the whole board again (it no longer knows what the LEDs show). On stop it
 * leaves every LED in the final state.
 */
final class LedWriter extends AbstractBehavior<LedWriter.Command> {

    sealed interface Command extends CborSerializable {
    }

    /** Show this board (channel to pattern). */
    record Show(Map<String, LedPattern> board) implements Command {
        Show {
            board = Map.copyOf(board);
        }
    }

    /** Read the LEDs back, and write again any that no longer shows what was written (a replugged board). */
    enum Verify implements Command {
        INSTANCE
    }

    /** A write failed: the writer fails with it and is restarted. */
    static final class DeviceFailure extends RuntimeException {
        DeviceFailure(String message) {
            super(message);
        }
    }

    private final LedDevice device;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final LedPattern finalState;
    private final ActorRef<LedBoard.Command> board;
    /** What each LED shows, as far as this incarnation wrote it. */
    private final Map<String, LedPattern> written = new HashMap<>();

    static Behavior<Command> create(LedDevice device, List<Channel> channels, LedPattern finalState,
                                    ActorRef<LedBoard.Command> board) {
        return Behaviors.setup(context -> new LedWriter(context, device, channels, finalState, board));
    }

    private LedWriter(ActorContext<Command> context, LedDevice device, List<Channel> channels, LedPattern finalState,
                      ActorRef<LedBoard.Command> board) {
        super(context);
        this.device = device;
        channels.forEach(c -> this.channels.put(c.name(), c));
        this.finalState = finalState;
        this.board = board;
        board.tell(LedBoard.WriterStarted.INSTANCE);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Show.class, this::onShow)
                .onMessageEquals(Verify.INSTANCE, this::onVerify)
                .onSignal(PostStop.class, s -> leaveFinalState())
                .build();
    }

    private Behavior<Command> onShow(Show show) {
        Map<String, LedPattern> ordered = new LinkedHashMap<>();
        channels.keySet().forEach(c -> ordered.put(c, show.board().getOrDefault(c, LedPattern.OFF)));
        List<String> failures = write(ordered, false);
        if (!failures.isEmpty()) {
            String problem = String.join("; ", failures);
            board.tell(new LedBoard.WriteFailed(problem));
            throw new DeviceFailure(problem);
        }
        return this;
    }

    /**
     * Reads every LED back; one that does not show what was written (the board was unplugged and plugged in again,
     * or something else wrote to it) is written again. Reading writes nothing, so a board that is as it should be
     * sees no write.
     */
    private Behavior<Command> onVerify() {
        Map<String, LedPattern> drifted = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, LedPattern> e : written.entrySet()) {
            Channel channel = channels.get(e.getKey());
            try {
                if (!device.shows(channel, e.getValue())) {
                    drifted.put(e.getKey(), e.getValue());
                }
            } catch (IOException | RuntimeException ex) {
                failures.add(channel.name() + " (" + channel.led() + "): " + describe(ex));
            }
        }
        if (!drifted.isEmpty()) {
            getContext().getLog().info("LED board: {} no longer showed what was written: writing it again",
                    drifted.keySet());
            failures.addAll(write(drifted, true));
        }
        if (!failures.isEmpty()) {
            String problem = String.join("; ", failures);
            board.tell(new LedBoard.WriteFailed(problem));
            throw new DeviceFailure(problem);
        }
        return this;
    }

    /** Writes the channels whose pattern changed (all of them if {@code all}); answers what failed. */
    private List<String> write(Map<String, LedPattern> wanted, boolean all) {
        List<String> failures = new ArrayList<>();
        boolean changed = false;
        for (Map.Entry<String, LedPattern> e : wanted.entrySet()) {
            if (!all && e.getValue() == written.get(e.getKey())) {
                continue;
            }
            Channel channel = channels.get(e.getKey());
            try {
                device.show(channel, e.getValue());
                written.put(channel.name(), e.getValue());
                changed = true;
            } catch (IOException | RuntimeException ex) {
                written.remove(channel.name());
                failures.add(channel.name() + " (" + channel.led() + "): " + describe(ex));
            }
        }
        if (changed) {
            device.shown(wanted);
            if (failures.isEmpty()) {
                board.tell(LedBoard.Written.INSTANCE);
            }
        }
        return failures;
    }

    private Behavior<Command> leaveFinalState() {
        Map<String, LedPattern> last = new LinkedHashMap<>();
        channels.keySet().forEach(c -> last.put(c, finalState));
        List<String> failures = write(last, true);
        if (!failures.isEmpty()) {
            getContext().getLog().warn("LED board: could not leave the final state: {}", String.join("; ", failures));
        }
        return this;
    }

    /** An I/O error as an operator reads it: "permission denied: /sys/class/leds/led0/trigger". */
    static String describe(Exception e) {
        String what = switch (e.getClass().getSimpleName()) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file";
            default -> e.getClass().getSimpleName();
        };
        String message = e.getMessage();
        return message == null ? what : what + ": " + message;
    }
}
