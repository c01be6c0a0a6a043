package dev.interlude.hardware;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What each channel shows for a status ({@code interlude.hardware.map}): a pure function, in layers. Every channel
 * starts {@link LedPattern#OFF}; then the layer of the mode (if one is known), of the health, of a stopped
 * dispatch (while stopped), and the alert (while alerting) each override the channels they name.
 *
 * @param channels     the board's channels, in order
 * @param modes        a layer per mode ({@code trading}, {@code research}, {@code prep})
 * @param health       a layer per health status ({@code healthy}, {@code degraded}, {@code unhealthy})
 * @param stopped      the layer while dispatch is stopped
 * @param alertChannel the channel showing the alert
 * @param alertPattern the alert's pattern
 */
public record BoardMap(List<String> channels, Map<String, Map<String, LedPattern>> modes,
                       Map<String, Map<String, LedPattern>> health, Map<String, LedPattern> stopped,
                       String alertChannel, LedPattern alertPattern) {

    public BoardMap {
        channels = List.copyOf(channels);
        modes = Map.copyOf(modes);
        health = Map.copyOf(health);
        stopped = Map.copyOf(stopped);
        Objects.requireNonNull(alertChannel, "alertChannel");
        Objects.requireNonNull(alertPattern, "alertPattern");
    }

    /** Every channel's pattern for {@code status}, in channel order. */
    public Map<String, LedPattern> show(BoardStatus status) {
        Map<String, LedPattern> board = new LinkedHashMap<>();
        channels.forEach(c -> board.put(c, LedPattern.OFF));
        status.mode().map(modes::get).ifPresent(layer -> overlay(board, layer));
        overlay(board, health.getOrDefault(status.health(), Map.of()));
        if (status.stopped()) {
            overlay(board, stopped);
        }
        if (status.alerting()) {
            overlay(board, Map.of(alertChannel, alertPattern));
        }
        return board;
    }

    private static void overlay(Map<String, LedPattern> board, Map<String, LedPattern> layer) {
        layer.forEach((channel, pattern) -> board.computeIfPresent(channel, (c, p) -> pattern));
    }
}
