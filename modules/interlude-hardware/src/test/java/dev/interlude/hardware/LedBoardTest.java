package dev.interlude.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.status.StatusSettings;
import dev.interlude.engine.status.StatusType;
import dev.interlude.engine.status.StatusUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board actor against a fake LED-class tree (the files the kernel exposes under /sys/class/leds), fed by a real
 * status hub. Time is manual: the alert and the writer's restart backoff move only when a test says so.
 */
class LedBoardTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);

    @TempDir
    Path base;

    private ActorTestKit kit;
    private ManualTime time;
    private ActorRef<StatusHub.Command> hub;
    private final AtomicLong journal = new AtomicLong();
    /** Every write, "led/file=value", with the thread it ran on. */
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        kit = ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
        time = ManualTime.get(kit.system());
        hub = kit.spawn(StatusHub.create(new StatusSettings(100, 3)));
        plug("led0", 255);
        plug("led1", 1); // clamps the trading channel's 255
        plug("led2", 255);
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    private void plug(String led, int max) throws IOException {
        Path dir = Files.createDirectories(base.resolve(led));
        Files.writeString(dir.resolve("max_brightness"), Integer.toString(max));
        Files.writeString(dir.resolve("brightness"), "0");
        Files.writeString(dir.resolve("trigger"), "[none] timer heartbeat mmc0");
        Files.writeString(dir.resolve("delay_on"), "0");
        Files.writeString(dir.resolve("delay_off"), "0");
    }

    private LedSettings settings() {
        Config config = ConfigFactory.parseString("interlude.hardware { device = sysfs, sysfs.base = \""
                + base.toString().replace("\\", "/") + "\", restart { min-backoff = 200ms, max-backoff = 400ms } }")
                .withFallback(ConfigFactory.load());
        return LedSettings.load(config);
    }

    private SysfsLeds.FileWrites recording(SysfsLeds.FileWrites inner) {
        return (file, value) -> {
            threads.add(Thread.currentThread().getName());
            inner.write(file, value);
            writes.add(base.relativize(file).toString().replace('\\', '/') + "=" + value);
        };
    }

    private ActorRef<LedBoard.Command> board(SysfsLeds.FileWrites fileWrites) {
        return kit.spawn(LedBoard.create(settings(), new SysfsLeds(base, recording(fileWrites)), hub,
                InstantSource.fixed(NOW)));
    }

    private void publish(StatusType type, Map<String, String> details) {
        hub.tell(new StatusHub.Publish(StatusUpdate.of(NOW, type, details), journal.incrementAndGet()));
    }

    private void mode(String mode) {
        publish(StatusType.MODE_CHANGED, Map.of("mode", mode));
    }

    private void health(String status) {
        publish(StatusType.HEALTH_CHANGED, Map.of("status", status));
    }

    private String read(String led, String file) {
        try {
            return Files.readString(base.resolve(led).resolve(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for exactly these writes (in this order), then forgets them. */
    private void expectWrites(String... expected) {
        TestProbe<Void> probe = kit.createTestProbe();
        probe.awaitAssert(() -> {
            assertEquals(List.of(expected), List.copyOf(writes));
            return null;
        });
        writes.clear();
    }

    private static final String[] INITIAL = {
        "led0/trigger=none", "led0/brightness=255",
        "led1/trigger=none", "led1/brightness=0",
        "led2/trigger=none", "led2/brightness=0"};

    @Test
    void writes_exactly_what_each_mode_health_and_stop_transition_changes() {
        board(SysfsLeds.KERNEL);
        expectWrites(INITIAL);

        mode("trading");
        expectWrites("led1/trigger=none", "led1/brightness=1");

        mode("research");
        expectWrites("led1/trigger=none", "led1/brightness=0",
                "led2/trigger=timer", "led2/delay_on=500", "led2/delay_off=500", "led2/brightness=255");

        mode("prep");
        expectWrites("led1/trigger=timer", "led1/delay_on=500", "led1/delay_off=500", "led1/brightness=1",
                "led2/trigger=none", "led2/brightness=0");

        health("degraded");
        expectWrites("led0/trigger=timer", "led0/delay_on=500", "led0/delay_off=500", "led0/brightness=255");

        health("unhealthy");
        expectWrites("led0/trigger=timer", "led0/delay_on=100", "led0/delay_off=100", "led0/brightness=255");

        publish(StatusType.DISPATCH_STOPPED, Map.of("by", "ops", "reason", "fire drill", "cancel_running", "false"));
        expectWrites("led1/trigger=none", "led1/brightness=0");

        health("healthy");
        publish(StatusType.DISPATCH_RESUMED, Map.of("by", "ops"));
        expectWrites("led0/trigger=none", "led0/brightness=255",
                "led1/trigger=timer", "led1/delay_on=500", "led1/delay_off=500", "led1/brightness=1");
        assertEquals("timer", read("led1", "trigger"));
        assertTrue(threads.stream().allMatch(t -> t.contains("interlude.blocking-dispatcher")), threads.toString());
    }

    @Test
    void writes_nothing_when_the_board_does_not_change() {
        board(SysfsLeds.KERNEL);
        expectWrites(INITIAL);
        mode("trading");
        expectWrites("led1/trigger=none", "led1/brightness=1");

        mode("trading"); // the same mode again
        publish(StatusType.RUN_STARTED, Map.of("cause", "trigger"));
        health("healthy"); // as it already was
        publish(StatusType.DISPATCH_RESUMED, Map.of("by", "ops")); // not stopped anyway
        mode("research"); // the first change after them: only its writes follow
        expectWrites("led1/trigger=none", "led1/brightness=0",
                "led2/trigger=timer", "led2/delay_on=500", "led2/delay_off=500", "led2/brightness=255");
    }

    @Test
    void shows_the_alert_after_a_run_fails_its_last_attempt_then_goes_back() {
        ActorRef<LedBoard.Command> board = board(SysfsLeds.KERNEL);
        expectWrites(INITIAL);
        hub.tell(new StatusHub.Publish(StatusUpdate.ofRun(NOW, StatusType.RUN_ABANDONED, "nightly", "r1", 3,
                Map.of("reason", "exit 1")), journal.incrementAndGet()));
        expectWrites("led0/trigger=timer", "led0/delay_on=100", "led0/delay_off=100", "led0/brightness=255");

        time.timePasses(Duration.ofMillis(2900));
        TestProbe<LedBoard.Shown> probe = kit.createTestProbe();
        board.tell(new LedBoard.GetBoard(probe.ref()));
        assertEquals(LedPattern.FAST, probe.receiveMessage().board().get("system"));

        time.timePasses(Duration.ofMillis(100));
        expectWrites("led0/trigger=none", "led0/brightness=255");
    }

    @Test
    void starts_from_the_hubs_buffer_without_replaying_old_alerts() {
        mode("research");
        hub.tell(new StatusHub.Publish(StatusUpdate.ofRun(NOW.minusSeconds(60), StatusType.RUN_ABANDONED, "old",
                "r0", 3, Map.of()), journal.incrementAndGet()));
        ActorRef<LedBoard.Command> board = board(SysfsLeds.KERNEL);
        TestProbe<LedBoard.Shown> probe = kit.createTestProbe();
        probe.awaitAssert(() -> {
            board.tell(new LedBoard.GetBoard(probe.ref()));
            assertEquals(Map.of("system", LedPattern.ON, "trading", LedPattern.OFF, "research", LedPattern.SLOW),
                    probe.receiveMessage().board());
            return null;
        });
    }

    @Test
    void recovers_by_itself_when_the_board_is_unplugged_and_plugged_back_while_the_feed_goes_on()
            throws IOException {
        board(SysfsLeds.KERNEL);
        expectWrites(INITIAL);
        TestProbe<StatusEvent> scheduler = kit.createTestProbe(); // another subscriber: the rest of the node
        hub.tell(new StatusHub.Subscribe(scheduler.ref(), Optional.empty()));

        Path unplugged = Files.move(base.resolve("led1"), base.resolveSibling(base.getFileName() + "-led1"));
        mode("trading"); // the write to led1 fails: the writer restarts after its backoff
        assertEquals("mode_changed", scheduler.receiveMessage().type());
        time.timePasses(MIN_BACKOFF.multipliedBy(3)); // tries again (and again) while led1 is missing
        publish(StatusType.RUN_SUCCEEDED, Map.of()); // the feed, and what publishes it, keep going
        assertEquals("run_succeeded", scheduler.receiveMessage().type());

        Files.move(unplugged, base.resolve("led1"));
        writes.clear();
        TestProbe<Void> probe = kit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            time.timePasses(MIN_BACKOFF);
            assertEquals("1", read("led1", "brightness"));
            assertEquals("none", read("led1", "trigger"));
            return null;
        });
        assertTrue(writes.contains("led0/brightness=255"), "the restarted writer rewrites the whole board");
    }

    @Test
    void a_led_it_may_not_write_leaves_the_others_working() {
        board((file, value) -> {
            if (file.getParent().getFileName().toString().equals("led1")) {
                throw new AccessDeniedException(file.toString());
            }
            SysfsLeds.KERNEL.write(file, value);
        });
        mode("research");
        health("degraded");
        TestProbe<Void> probe = kit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            time.timePasses(MIN_BACKOFF);
            assertEquals("timer", read("led2", "trigger"));
            assertEquals("timer", read("led0", "trigger"));
            assertEquals("500", read("led0", "delay_on"));
            return null;
        });
        List<String> led1 = new ArrayList<>(writes.stream().filter(w -> w.startsWith("led1/")).toList());
        assertEquals(List.of(), led1);
        assertEquals("[none] timer heartbeat mmc0", read("led1", "trigger"));
    }

    @Test
    void leaves_the_final_state_when_it_stops() {
        ActorRef<LedBoard.Command> board = board(SysfsLeds.KERNEL);
        mode("trading");
        health("degraded");
        TestProbe<Void> probe = kit.createTestProbe();
        probe.awaitAssert(() -> {
            assertEquals("timer", read("led0", "trigger"));
            assertEquals("1", read("led1", "brightness"));
            return null;
        });
        kit.stop(board);
        for (String led : List.of("led0", "led1", "led2")) {
            assertEquals("none", read(led, "trigger"), led);
            assertEquals("0", read(led, "brightness"), led);
        }
    }
}
