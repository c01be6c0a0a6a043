package dev.interlude.bench;

import dev.interlude.core.plan.Start;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The supervisor's event handler at the sizes a busy desk reaches: one run's life (queued, started, succeeded)
 * applied to a state holding {@code queued} requests waiting, a thousand runs in flight and a full history of
 * completions. The cost must not grow with the state: on the journal's replay and on every write, each event is
 * applied once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SupervisorStateBenchmark {

    private static final Instant T0 = Instant.parse("2026-11-19T01:00:00Z");

    @Param({"100", "10000", "100000"})
    public int queued;

    private SupervisorState state;
    private long next;

    @Setup
    public void fill() {
        SupervisorState s = SupervisorState.empty();
        for (int i = 0; i < queued; i++) {
            s = s.apply(new SupervisorEvent.RunQueued("req-" + i, "task_" + (i % 50), Map.of(), "bench",
                    T0.plusMillis(i)));
        }
        for (int i = 0; i < 1_000; i++) {
            s = s.apply(started("flight-" + i, "task_" + (i % 50), null));
        }
        for (int i = 0; i < 20_000; i++) {
            s = s.apply(started("done-" + i, "task_" + (i % 50), null))
                    .apply(new SupervisorEvent.RunSucceeded("done-" + i, "task_" + (i % 50), 1, "ok",
                            T0.plusSeconds(60).plusMillis(i)));
        }
        state = s;
    }

    private static SupervisorEvent.RunStarted started(String runId, String task, String requestId) {
        return new SupervisorEvent.RunStarted(runId, task, 1, Start.Cause.REQUEST, Optional.ofNullable(requestId),
                Map.of(), "research", 0, Duration.ofSeconds(1), T0.plusSeconds(120));
    }

    /** A request queued, started and ended: three events, each applied to the large state. */
    @Benchmark
    public SupervisorState oneRunsLife() {
        long n = next++;
        String request = "new-" + n;
        String run = "run-" + n;
        return state.apply(new SupervisorEvent.RunQueued(request, "task_7", Map.of(), "bench", T0.plusSeconds(200)))
                .apply(started(run, "task_7", request))
                .apply(new SupervisorEvent.RunSucceeded(run, "task_7", 1, "ok", T0.plusSeconds(201)));
    }
}
