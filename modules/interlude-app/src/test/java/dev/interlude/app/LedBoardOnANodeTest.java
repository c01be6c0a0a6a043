package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.hardware.LedBoard;
import dev.interlude.hardware.LedSettings;
import dev.interlude.http.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LED board next to a real supervisor: unplugging the board (its LED-class directory gone) does not touch
 * scheduling, a run still completes meanwhile, and when the board is back it shows the status again by itself.
 */
class LedBoardOnANodeTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path base;

    @Test
    void an_unplugged_board_does_not_stop_a_run_and_recovers_by_itself() throws Exception {
        plugAll();
        LedSettings settings = LedSettings.load(ConfigFactory.parseString("interlude.hardware { device = sysfs, "
                + "sysfs.base = \"" + base.toString().replace("\\", "/") + "\", "
                + "restart { min-backoff = 100ms, max-backoff = 200ms }, verify-every = 200ms }")
                .withFallback(ConfigFactory.load()));
        try (TestNode node = TestNode.start()) {
            node.kit.spawn(LedBoard.create(settings, settings.device(), node.node.statusHub(),
                    InstantSource.system()), "led-board");
            TestProbe<Void> until = node.kit.createTestProbe();
            until.awaitAssert(WAIT, () -> {
                assertTrue(systemLit(), "the system LED is lit (on or blinking) once the board shows");
                return null;
            });

            unplug();
            TestProbe<StatusEvent> feed = node.kit.createTestProbe();
            node.node.statusHub().tell(new StatusHub.Subscribe(feed.getRef(), Optional.empty()));
            node.node.requestRun("quick_report", Map.of(), "led test").toCompletableFuture().get(10,
                    java.util.concurrent.TimeUnit.SECONDS);
            feed.fishForMessage(WAIT, e -> e.type().equals("run_succeeded")
                    ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
            assertFalse(Files.exists(base.resolve("led0")), "the board was unplugged while the run completed");

            plugAll();
            until.awaitAssert(WAIT, () -> {
                assertTrue(systemLit(), "the board shows the status again");
                return null;
            });
        }
    }

    /** The system LED on (full brightness) or blinking (the timer trigger), as the node's health has it. */
    private boolean systemLit() {
        return read("led0", "brightness").equals("255") || read("led0", "trigger").equals("timer");
    }

    private void plugAll() throws IOException {
        for (String led : new String[] {"led0", "led1", "led2"}) {
            Path dir = Files.createDirectories(base.resolve(led));
            Files.writeString(dir.resolve("max_brightness"), "255");
            Files.writeString(dir.resolve("brightness"), "0");
            Files.writeString(dir.resolve("trigger"), "[none] timer heartbeat");
            Files.writeString(dir.resolve("delay_on"), "0");
            Files.writeString(dir.resolve("delay_off"), "0");
        }
    }

    private void unplug() throws IOException {
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(base)).forEach(p -> p.toFile().delete());
        }
    }

    private String read(String led, String file) {
        try {
            return Files.readString(base.resolve(led).resolve(file)).trim();
        } catch (IOException e) {
            return "(" + e.getClass().getSimpleName() + ")";
        }
    }
}
