package dev.interlude.hardware;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The device showing the board. Its methods block (file I/O): they run on {@code interlude.blocking-dispatcher}, or
 * in a command, never on the default dispatcher.
 */
public interface LedDevice {

    /** The {@code none} driver: no board. */
    LedDevice NONE = (channel, pattern) -> { };

    /** Makes {@code channel}'s LED show {@code pattern}. */
    void show(Channel channel, LedPattern pattern) throws IOException;

    /**
     * Whether {@code channel}'s LED still shows {@code pattern} (read back from the device): false after a board was
     * unplugged and plugged in again, when the kernel made its LEDs anew. A device that cannot tell says true.
     */
    default boolean shows(Channel channel, LedPattern pattern) throws IOException {
        return true;
    }

    /** Called after the writes of one change, with the whole board as it now should be (channel to pattern). */
    default void shown(Map<String, LedPattern> board) {
    }

    /** The LEDs this device has, for {@code interlude leds list}. */
    default List<LedInfo> list() throws IOException {
        return List.of();
    }

    /**
     * One LED found on the device.
     *
     * @param name          its name (the directory under the base path)
     * @param maxBrightness its {@code max_brightness}
     * @param trigger       its current trigger ({@code none}, {@code timer}, {@code mmc0}, ...)
     */
    record LedInfo(String name, int maxBrightness, String trigger) {
    }
}
