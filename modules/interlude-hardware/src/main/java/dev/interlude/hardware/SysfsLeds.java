package dev.interlude.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code sysfs} driver: the Linux LED class, {@code <base>/<led>/brightness}, {@code max_brightness},
 * {@code trigger}. Steady patterns write the trigger {@code none} then the brightness; blinking ones the trigger
 * {@code timer}, {@code delay_on}, {@code delay_off} (milliseconds) then the brightness. Files are only written, never
 * created: a missing LED is an error, as it is for the kernel.
 */
public final class SysfsLeds implements LedDevice {

    /** Writes one value to one existing file. */
    @FunctionalInterface
    public interface FileWrites {
        void write(Path file, String value) throws IOException;
    }

    /** Writes as the kernel expects: the existing file, truncated, the value in ASCII. */
    public static final FileWrites KERNEL = (file, value) -> Files.writeString(file, value, StandardCharsets.US_ASCII,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);

    private static final Pattern CURRENT_TRIGGER = Pattern.compile("\\[([^\\]]+)]");

    private final Path base;
    private final FileWrites writes;

    public SysfsLeds(Path base) {
        this(base, KERNEL);
    }

    /** With another way of writing files (a test's, failing for one LED). */
    public SysfsLeds(Path base, FileWrites writes) {
        this.base = base;
        this.writes = writes;
    }

    @Override
    public void show(Channel channel, LedPattern pattern) throws IOException {
        Path led = base.resolve(channel.led());
        if (!Files.isDirectory(led)) {
            throw new NoSuchFileException(led.toString(), null, "no such LED");
        }
        int brightness = Math.min(channel.brightness(), readInt(led.resolve("max_brightness")));
        if (pattern.blinks()) {
            writes.write(led.resolve("trigger"), "timer");
            writes.write(led.resolve("delay_on"), Long.toString(pattern.on().toMillis()));
            writes.write(led.resolve("delay_off"), Long.toString(pattern.off().toMillis()));
            writes.write(led.resolve("brightness"), Integer.toString(brightness));
        } else {
            writes.write(led.resolve("trigger"), "none");
            writes.write(led.resolve("brightness"), pattern == LedPattern.ON ? Integer.toString(brightness) : "0");
        }
    }

    @Override
    public boolean shows(Channel channel, LedPattern pattern) throws IOException {
        Path led = base.resolve(channel.led());
        if (!Files.isDirectory(led)) {
            throw new NoSuchFileException(led.toString(), null, "no such LED");
        }
        String trigger = currentTrigger(led.resolve("trigger"));
        if (pattern.blinks()) {
            return trigger.equals("timer");
        }
        int brightness = readInt(led.resolve("brightness"));
        return trigger.equals("none") && (pattern == LedPattern.ON ? brightness > 0 : brightness == 0);
    }

    @Override
    public List<LedInfo> list() throws IOException {
        List<LedInfo> leds = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
            for (Path led : dirs) {
                if (Files.isRegularFile(led.resolve("brightness"))) {
                    leds.add(new LedInfo(led.getFileName().toString(), readInt(led.resolve("max_brightness")),
                            currentTrigger(led.resolve("trigger"))));
                }
            }
        }
        leds.sort((a, b) -> a.name().compareTo(b.name()));
        return leds;
    }

    @Override
    public String toString() {
        return "sysfs LEDs under " + base;
    }

    private static String currentTrigger(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "?";
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        Matcher m = CURRENT_TRIGGER.matcher(text);
        return m.find() ? m.group(1) : text;
    }

    private static int readInt(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": expected a number, got \"" + text + "\"", e);
        }
    }
}
