package dev.interlude.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.Cancellable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.concurrent.ExecutionContext;

class VirtualTimeTest {

    private static final Instant ORIGIN = Instant.parse("2026-01-16T20:00:00Z");
    private VirtualTime time;
    private final List<String> fired = new CopyOnWriteArrayList<>();
    private ExecutionContext direct;

    @BeforeEach
    void start() {
        time = VirtualTime.start(ORIGIN, Duration.ofSeconds(10));
        direct = ExecutionContext.fromExecutor(Runnable::run);
    }

    @AfterEach
    void stop() {
        time.close();
    }

    @Test
    void timers_fire_in_order_of_due_time_then_of_scheduling_with_the_clock_at_their_instant() {
        List<Instant> seenAt = new ArrayList<>();
        schedule("c", Duration.ofMinutes(10), seenAt);
        schedule("a", Duration.ofMinutes(5), seenAt);
        schedule("b", Duration.ofMinutes(5), seenAt);
        time.advanceTo(ORIGIN.plus(Duration.ofHours(1)));
        assertEquals(List.of("a", "b", "c"), fired);
        assertEquals(List.of(ORIGIN.plusSeconds(300), ORIGIN.plusSeconds(300), ORIGIN.plusSeconds(600)), seenAt);
        assertEquals(ORIGIN.plus(Duration.ofHours(1)), time.now());
        assertEquals(3, time.timersFired());
    }

    @Test
    void time_stops_at_the_target_and_later_timers_wait() {
        schedule("late", Duration.ofHours(2), new ArrayList<>());
        time.advanceTo(ORIGIN.plus(Duration.ofHours(1)));
        assertTrue(fired.isEmpty());
        assertEquals(Optional.of(ORIGIN.plus(Duration.ofHours(2))), time.nextTimer());
        time.advanceTo(ORIGIN.plus(Duration.ofHours(2)));
        assertEquals(List.of("late"), fired);
    }

    @Test
    void a_cancelled_timer_never_fires_and_cancels_once() {
        Cancellable timer = schedule("never", Duration.ofMinutes(1), new ArrayList<>());
        assertTrue(timer.cancel());
        assertFalse(timer.cancel());
        assertTrue(timer.isCancelled());
        time.advanceTo(ORIGIN.plus(Duration.ofHours(1)));
        assertTrue(fired.isEmpty());
        assertEquals(Optional.empty(), time.nextTimer());
    }

    @Test
    void a_periodic_timer_fires_at_each_interval() {
        time.schedule(Duration.ofMinutes(1).toNanos(), Duration.ofMinutes(10).toNanos(), () -> fired.add("tick"),
                direct);
        time.advanceTo(ORIGIN.plus(Duration.ofMinutes(35)));
        assertEquals(4, fired.size(), "at 1, 11, 21 and 31 minutes");
    }

    @Test
    void work_a_timer_starts_is_settled_before_the_next_timer_fires() {
        // The first timer's work schedules a timer due at the same instant: it runs after the work settles, and
        // before a timer scheduled earlier for a later instant.
        time.schedule(Duration.ofMinutes(2).toNanos(), 0, () -> fired.add("later"), direct);
        time.schedule(Duration.ofMinutes(1).toNanos(), 0, () -> {
            time.execute(() -> fired.add("work"));
            time.schedule(0, 0, () -> fired.add("same instant"), direct);
        }, direct);
        time.advanceTo(ORIGIN.plus(Duration.ofMinutes(5)));
        assertEquals(List.of("work", "same instant", "later"), fired);
    }

    @Test
    void a_failure_on_the_worker_is_reported_when_the_system_settles() {
        time.execute(() -> {
            throw new IllegalStateException("handler blew up");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, time::settle);
        assertTrue(e.getMessage().contains("handler blew up"), e.getMessage());
        time.settle();
    }

    @Test
    void a_system_that_never_settles_is_reported_instead_of_hanging() {
        VirtualTime busy = VirtualTime.start(ORIGIN, Duration.ofMillis(200));
        try {
            Runnable[] forever = new Runnable[1];
            forever[0] = () -> busy.execute(forever[0]);
            busy.execute(forever[0]);
            IllegalStateException e = assertThrows(IllegalStateException.class, busy::settle);
            assertTrue(e.getMessage().contains("did not settle"), e.getMessage());
        } finally {
            busy.close();
        }
    }

    @Test
    void an_unknown_id_is_refused_with_the_configuration_key() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VirtualTime.lookup("nope"));
        assertTrue(e.getMessage().contains(VirtualTime.CONFIG_KEY), e.getMessage());
    }

    private Cancellable schedule(String name, Duration delay, List<Instant> seenAt) {
        return time.schedule(delay.toNanos(), 0, () -> {
            fired.add(name);
            seenAt.add(time.now());
        }, direct);
    }
}
