package dev.interlude.hardware;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code interlude leds test}: every channel through every pattern, one step at a time, for checking the wiring by
 * eye; then every channel in the final state. Takes {@code channels × patterns × step}.
 */
public final class LedCheck {

    /** Waits between steps (the command sleeps; a test does not). */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration step) throws InterruptedException;
    }

    private LedCheck() {
    }

    /**
     * Runs the check; answers one line per step ("trading: slow") or per failure, as they happen, to {@code out}.
     *
     * @return the failures (empty when every write succeeded)
     */
    public static List<String> run(LedDevice device, List<Channel> channels, LedPattern finalState, Duration step,
                                   Pause pause, Consumer<String> out) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        Map<String, LedPattern> board = new LinkedHashMap<>();
        channels.forEach(c -> board.put(c.name(), LedPattern.OFF));
        showAll(device, channels, board, failures);
        for (Channel channel : channels) {
            for (LedPattern pattern : LedPattern.values()) {
                board.put(channel.name(), pattern);
                write(device, channel, pattern, failures);
                device.shown(board);
                out.accept(ConsoleLeds.line(board) + "  " + channel.name() + " (" + channel.led() + "): " + pattern.id());
                pause.pause(step);
            }
            board.put(channel.name(), LedPattern.OFF);
            write(device, channel, LedPattern.OFF, failures);
        }
        channels.forEach(c -> board.put(c.name(), finalState));
        showAll(device, channels, board, failures);
        out.accept(ConsoleLeds.line(board) + "  final state: " + finalState.id());
        return failures;
    }

    private static void showAll(LedDevice device, List<Channel> channels, Map<String, LedPattern> board,
                                List<String> failures) {
        channels.forEach(c -> write(device, c, board.get(c.name()), failures));
        device.shown(board);
    }

    private static void write(LedDevice device, Channel channel, LedPattern pattern, List<String> failures) {
        try {
            device.show(channel, pattern);
        } catch (IOException | RuntimeException e) {
            String failure = channel.name() + " (" + channel.led() + "): " + LedWriter.describe(e);
            if (!failures.contains(failure)) {
                failures.add(failure);
            }
        }
    }
}
