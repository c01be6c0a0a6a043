package dev.interlude.hardware;

import java.util.Objects;

/**
 * One channel of the board ({@code system}, {@code trading}, {@code research}) and the LED that shows it.
 *
 * @param name       the channel's name, as the map names it
 * @param led        the LED's name on the device (a directory under the sysfs base path)
 * @param brightness how bright it is when lit (clamped to the LED's {@code max_brightness}), at least 1
 */
public record Channel(String name, String led, int brightness) {

    public Channel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(led, "led");
        if (brightness < 1) {
            throw new IllegalArgumentException("a channel's brightness is at least 1: " + brightness);
        }
    }
}
