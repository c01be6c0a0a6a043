package dev.interlude.hardware;

import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code console} driver: the board as one log line on every change, {@code [system ● ] [trading ○ ]}. */
public final class ConsoleLeds implements LedDevice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleLeds.class);

    @Override
    public void show(Channel channel, LedPattern pattern) {
        // the whole board is drawn once the change is complete, in shown()
    }

    @Override
    public void shown(Map<String, LedPattern> board) {
        log.info("LED board {}", line(board));
    }

    /** The board as one line: each channel with its pattern's symbol (○ off, ● on, ◐ slow, ◉ fast). */
    public static String line(Map<String, LedPattern> board) {
        return board.entrySet().stream().map(e -> "[" + e.getKey() + " " + e.getValue().symbol() + " ]")
                .collect(Collectors.joining(" "));
    }
}
