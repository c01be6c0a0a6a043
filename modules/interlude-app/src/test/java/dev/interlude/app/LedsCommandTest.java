package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code interlude leds list|test} against a fake LED-class tree. */
class LedsCommandTest {

    @TempDir
    Path base;

    private void plug(String led, int max, String trigger) throws IOException {
        Path dir = Files.createDirectories(base.resolve(led));
        Files.writeString(dir.resolve("max_brightness"), Integer.toString(max));
        Files.writeString(dir.resolve("brightness"), "0");
        Files.writeString(dir.resolve("trigger"), trigger);
        Files.writeString(dir.resolve("delay_on"), "0");
        Files.writeString(dir.resolve("delay_off"), "0");
    }

    @Test
    void lists_the_leds_with_their_max_brightness_and_current_trigger() throws IOException {
        plug("ACT", 255, "none [mmc0] timer heartbeat");
        plug("PWR", 1, "[default-on] none timer");
        Cli.Result r = Cli.run("leds", "list", "--base", base.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().matches("(?s).*ACT\\s+255\\s+mmc0.*PWR\\s+1\\s+default-on.*"), r.out());
    }

    @Test
    void cycles_every_channel_through_every_pattern_then_leaves_the_final_state() throws IOException {
        plug("led0", 255, "[none] timer");
        plug("led1", 255, "[none] timer");
        plug("led2", 255, "[none] timer");
        Cli.Result r = Cli.run("leds", "test", "--device", "sysfs", "--base", base.toString(), "--step", "0ms");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("[system ○ ] [trading ◐ ] [research ○ ]  trading (led1): slow"), r.out());
        assertEquals(12 + 1, r.out().lines().count(), r.out());
        for (String led : new String[] {"led0", "led1", "led2"}) {
            assertEquals("none", Files.readString(base.resolve(led).resolve("trigger")));
            assertEquals("0", Files.readString(base.resolve(led).resolve("brightness")));
        }
    }

    @Test
    void names_each_led_it_could_not_write() throws IOException {
        plug("led0", 255, "[none] timer");
        Cli.Result r = Cli.run("leds", "test", "--device", "sysfs", "--base", base.toString(), "--step", "0ms");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("trading (led1): no such file"), r.err());
        assertTrue(r.err().contains("research (led2): no such file"), r.err());
    }

    @Test
    void refuses_a_step_too_long_or_an_unknown_device() {
        assertTrue(Cli.run("leds", "test", "--device", "console", "--step", "1h").err().contains("--step"));
        assertTrue(Cli.run("leds", "test", "--device", "gpio").err().contains("--device"));
    }
}
