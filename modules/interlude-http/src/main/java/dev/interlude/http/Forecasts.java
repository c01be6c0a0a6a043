package dev.interlude.http;

import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.plan.RunRequest;
import dev.interlude.core.window.ResearchWindow;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorState;
import dev.interlude.engine.supervisor.SupervisorState.RunningRecord;
import dev.interlude.testkit.SimulatedRun;
import dev.interlude.testkit.Simulation;
import dev.interlude.testkit.SimulationResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Forecasts of the node: its catalog, calendar, planner and memory budget simulated forward on virtual time with the
 * testkit's {@link Simulation} (the real supervisor and runners; every run takes its estimate and succeeds), carrying
 * on from the supervisor's live state rather than a fresh node: what ran this cycle, the requests and retries
 * waiting, approvals, denials and a stop all count. Runs in flight are forecast as starting again from the forecast's
 * start and taking their whole estimate (their remaining time is not known); tasks that need approval start only if
 * they are approved already.
 *
 * <p>A forecast starts an actor system of its own and takes a second or more, so forecasts run one at a time on a
 * thread of their own, never on the routes' dispatcher; a few more may wait, and beyond that the API answers 503.
 */
public final class Forecasts {

    /** The longest forecast: a month, as for {@code interlude plan --hours}. */
    public static final int MAX_HOURS = 24 * 31;

    /** How far the queue looks ahead: the rest of the research window, at most this long. */
    static final Duration QUEUE_HORIZON = Duration.ofHours(24);

    private static final int WAITING = 4;

    /** The request id prefix of the runs in flight a forecast starts again. */
    private static final String IN_FLIGHT = "in-flight-";

    /** How long the queue's forecast is reused while the supervisor's state has not changed. */
    static final Duration QUEUE_REUSE = Duration.ofSeconds(15);

    private final NodeApi node;
    private final ThreadPoolExecutor executor;
    /** The last forecast of the queue, and what it was made from. */
    private volatile QueueForecast lastQueue;

    private record QueueForecast(SupervisorState state, Instant from, SimulationResult result) {
    }

    public Forecasts(NodeApi node) {
        this.node = node;
        this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WAITING), r -> {
            Thread thread = new Thread(r, "interlude-forecast");
            thread.setDaemon(true);
            return thread;
        });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /**
     * The length {@code hours} asks for: a number of hours, whole or not, above 0 and at most {@value #MAX_HOURS}.
     *
     * @param what the option or parameter, as the problem names it
     * @throws InvalidInputException naming {@code what}
     */
    public static Duration length(String what, String hours) {
        Duration length = Duration.ZERO;
        try {
            BigDecimal h = new BigDecimal(hours.trim());
            if (h.compareTo(BigDecimal.valueOf(MAX_HOURS)) <= 0) {
                length = Duration.ofSeconds(h.multiply(BigDecimal.valueOf(3600)).setScale(0, RoundingMode.HALF_UP)
                        .longValueExact());
            }
        } catch (NumberFormatException | ArithmeticException notANumber) {
            // reported below
        }
        if (length.isNegative() || length.isZero()) {
            throw new InvalidInputException(what, "expected a number of hours above 0 and at most " + MAX_HOURS
                    + " (31 days), such as 24 or 1.5, got \"" + hours + "\"");
        }
        return length;
    }

    /** The queue's horizon from {@code now}: the rest of the research window it is in (at most a day), or a day. */
    static Duration queueHorizon(TradingWindows windows, Instant now) {
        Optional<ResearchWindow> window = windows.researchWindowContaining(now);
        Duration rest = window.map(w -> w.remainingAt(now)).orElse(QUEUE_HORIZON);
        return rest.compareTo(QUEUE_HORIZON) < 0 ? rest : QUEUE_HORIZON;
    }

    /**
     * Simulates the node from {@code state} at {@code from} for {@code length}.
     *
     * @return the result, or a failed stage: 503 {@link Api.Refused} when too many forecasts wait already
     */
    public CompletionStage<SimulationResult> forecast(SupervisorState state, Instant from, Duration length) {
        Simulation simulation = Simulation.of(node.catalog())
                .calendar(node.windows().calendar())
                .windows(node.windows().settings())
                .planner(node.planner())
                .memoryMb(Math.max(1, node.planner().resources().memoryBudgetMb()))
                .autoApprove(false)
                .startingFrom(carryingOn(state))
                .from(from);
        try {
            return CompletableFuture.supplyAsync(() -> simulation.runFor(length), executor);
        } catch (RejectedExecutionException busy) {
            return CompletableFuture.failedFuture(new Api.Refused(StatusCodes.SERVICE_UNAVAILABLE, "the node is "
                    + "busy with " + (WAITING + 1) + " forecasts already; try again in a few seconds"));
        }
    }

    /**
     * The queue's forecast from {@code state} at {@code from}: the last one again if it was made from the same
     * state less than {@link #QUEUE_REUSE} ago (a dashboard asks on every event and every 15 s; nothing it shows
     * changes unless the supervisor's state does), else a new one.
     */
    public CompletionStage<SimulationResult> queueForecast(SupervisorState state, Instant from, Duration length) {
        QueueForecast last = lastQueue;
        if (last != null && last.state().equals(state) && !from.isBefore(last.from())
                && Duration.between(last.from(), from).compareTo(QUEUE_REUSE) < 0) {
            return CompletableFuture.completedFuture(last.result());
        }
        return forecast(state, from, length).thenApply(result -> {
            lastQueue = new QueueForecast(state, from, result);
            return result;
        });
    }

    /**
     * The first run of each task that the forecast starts, leaving out the runs in flight it starts again (they
     * are not waiting): what the queue calls a task's estimated start.
     */
    static Map<String, SimulatedRun> firstStarts(SimulationResult result) {
        Set<String> restarted = new HashSet<>();
        for (SupervisorEvent event : result.journal()) {
            if (event instanceof SupervisorEvent.RunStarted started
                    && started.requestId().filter(id -> id.startsWith(IN_FLIGHT)).isPresent()) {
                restarted.add(started.runId());
            }
        }
        Map<String, SimulatedRun> first = new HashMap<>();
        for (SimulatedRun run : result.runs()) {
            if (!restarted.contains(run.runId())) {
                first.merge(run.task(), run, (a, b) -> b.start().isBefore(a.start()) ? b : a);
            }
        }
        return first;
    }

    /**
     * The state a forecast carries on from: each run in flight becomes a request of its task, asked when the run
     * started, so it starts again at once (holding what it held) instead of being recovered as interrupted, which
     * would spend an attempt and could abandon it.
     */
    static SupervisorState carryingOn(SupervisorState state) {
        if (state.running().isEmpty()) {
            return state;
        }
        Map<String, RunRequest> requests = new LinkedHashMap<>();
        state.running().values().stream()
                .sorted(Comparator.comparing(RunningRecord::startedAt).thenComparing(RunningRecord::runId))
                .forEach(run -> requests.put(IN_FLIGHT + run.runId(), new RunRequest(IN_FLIGHT + run.runId(),
                        run.task(), run.parameters(), run.startedAt(), "in flight")));
        requests.putAll(state.requests());
        return new SupervisorState(Map.of(), state.completions(), state.lastStarted(), requests, state.retries(),
                state.approvals(), state.denials(), state.awaiting(), state.stop(), state.durations(),
                state.catalogChanges());
    }
}
