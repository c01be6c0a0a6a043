package dev.interlude.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.TradingCalendar;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.MemoryBudget;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.runner.RunnerLauncher;
import dev.interlude.engine.status.StatusFeed;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorSettings;
import dev.interlude.engine.supervisor.SupervisorState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * A simulation of a task catalog on virtual time: the real supervisor and task runners of the engine, on an actor
 * system whose clock and timers are virtual, with every handler simulated and an in-memory journal. Weekends take
 * milliseconds; the same catalog, seed and range give the same runs, byte for byte.
 *
 * <pre>{@code
 * SimulationResult mlk = Simulation.of(catalog)
 *         .calendar(Simulation.XNYS)
 *         .seed(7)
 *         .from("2026-01-16T15:00-05:00")
 *         .runUntil("2026-01-20T09:30-05:00");
 * mlk.assertNoConflictingRunsOverlap();
 * mlk.assertMemoryNeverExceeded();
 * mlk.assertUtilizationAtLeast(BudgetType.HOLIDAY_WEEKEND, 0.6);
 * }</pre>
 *
 * <p>Handlers are simulated: a task takes its simulated handler's duration, or its estimate, and fails with the
 * simulated handler's probability, or the simulation's {@link #failureRate(double) failure rate}. Approval requests
 * are granted as they come unless {@link #autoApprove(boolean)} says otherwise. The memory budget is fixed (the
 * planner's {@code fixed-mb} unless {@link #memoryMb(long)} says otherwise). A {@link #crashAt crash} stops the
 * supervisor and its runners where they stand; a new supervisor recovers from the same journal at once.
 *
 * <p>A simulation object is a builder: each {@code runUntil} runs a fresh actor system, so one builder can run many
 * times. Not thread-safe.
 */
public final class Simulation {

    /** The New York Stock Exchange's calendar, the default. */
    public static final TradingCalendar XNYS = new XnysCalendar();

    /**
     * The name of a simulation's actor system: what its log lines carry in the {@code sourceActorSystem} MDC key,
     * so a node that forecasts can keep the simulated supervisor's lines out of its own log.
     */
    public static final String ACTOR_SYSTEM = "simulation";

    private static final Duration ASK = Duration.ofSeconds(30);

    private final TaskCatalog catalog;
    private final Path catalogFile;
    private TradingCalendar calendar = XNYS;
    private WindowSettings windowSettings = WindowSettings.DEFAULT;
    private Optional<PlannerConfig> planner = Optional.empty();
    private Optional<Long> memoryMb = Optional.empty();
    private long seed;
    private double failureRate;
    private double durationSpread;
    private boolean autoApprove = true;
    private final java.util.Set<String> approved = new java.util.TreeSet<>();
    private Duration safetyTick = Duration.ofMinutes(5);
    private Duration settleTimeout = Duration.ofSeconds(30);
    private Instant from;
    private Optional<SupervisorState> startingState = Optional.empty();
    private final TreeSet<Instant> crashes = new TreeSet<>();

    private Simulation(TaskCatalog catalog, Path catalogFile) {
        this.catalog = catalog;
        this.catalogFile = catalogFile;
    }

    /** A simulation of {@code catalog}. */
    public static Simulation of(TaskCatalog catalog) {
        return new Simulation(Objects.requireNonNull(catalog, "catalog"), null);
    }

    /** A simulation of the catalog file {@code file}, loaded in the calendar's zone when the simulation runs. */
    public static Simulation ofFile(Path file) {
        return new Simulation(null, Objects.requireNonNull(file, "file"));
    }

    /** The exchange calendar (default {@link #XNYS}). */
    public Simulation calendar(TradingCalendar calendar) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        return this;
    }

    /** Where research windows start and end around the sessions (default: close + 2 h to open − 90 min). */
    public Simulation windows(WindowSettings windows) {
        this.windowSettings = Objects.requireNonNull(windows, "windows");
        return this;
    }

    /** The planner's settings and limits (default: {@code interlude.planner} from the reference configuration). */
    public Simulation planner(PlannerConfig planner) {
        this.planner = Optional.of(Objects.requireNonNull(planner, "planner"));
        return this;
    }

    /** The memory budget in MiB (default: the planner's {@code fixed-mb}). */
    public Simulation memoryMb(long memoryMb) {
        if (memoryMb <= 0) {
            throw new IllegalArgumentException("memoryMb: expected a positive number of MiB, got " + memoryMb);
        }
        this.memoryMb = Optional.of(memoryMb);
        return this;
    }

    /** Seeds every draw: failures and durations (default 0). */
    public Simulation seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The chance, 0 to 1, that an attempt of a task without its own simulated handler fails (default 0). */
    public Simulation failureRate(double failureRate) {
        this.failureRate = fraction("failureRate", failureRate);
        return this;
    }

    /** How far a run's time may stray from its estimate, either way, 0 to 1 (default 0: exactly the estimate). */
    public Simulation durationSpread(double durationSpread) {
        this.durationSpread = fraction("durationSpread", durationSpread);
        return this;
    }

    /** Whether approval requests are granted as they come (default true); if not, those tasks wait. */
    public Simulation autoApprove(boolean autoApprove) {
        this.autoApprove = autoApprove;
        return this;
    }

    /**
     * Approve these tasks whenever they ask, whatever {@link #autoApprove(boolean)} says: with
     * {@code autoApprove(false)}, the simulation of an operator who approves only these.
     */
    public Simulation approve(java.util.Collection<String> tasks) {
        approved.addAll(tasks);
        return this;
    }

    /** The supervisor's longest sleep between decisions (default 5 minutes; the node's own default is 30 s). */
    public Simulation safetyTick(Duration safetyTick) {
        if (safetyTick.isNegative() || safetyTick.isZero()) {
            throw new IllegalArgumentException("safetyTick: expected a positive duration, got " + safetyTick);
        }
        this.safetyTick = safetyTick;
        return this;
    }

    /** How long, in wall time, the actor system may take to settle after a timer before the simulation fails. */
    public Simulation settleTimeout(Duration settleTimeout) {
        this.settleTimeout = Objects.requireNonNull(settleTimeout, "settleTimeout");
        return this;
    }

    /** Crash the node at {@code at}: the supervisor and its runners stop where they stand, a new one recovers. */
    public Simulation crashAt(Instant at) {
        crashes.add(Objects.requireNonNull(at, "at"));
        return this;
    }

    /** {@link #crashAt(Instant)} with an ISO-8601 instant with offset, e.g. {@code 2026-01-17T12:00-05:00}. */
    public Simulation crashAt(String at) {
        return crashAt(instant("crashAt", at));
    }

    /** Where the simulation starts. */
    public Simulation from(Instant from) {
        this.from = Objects.requireNonNull(from, "from");
        return this;
    }

    /** {@link #from(Instant)} with an ISO-8601 instant with offset, e.g. {@code 2026-01-16T15:00-05:00}. */
    public Simulation from(String from) {
        return from(instant("from", from));
    }

    /**
     * Start the supervisor from {@code state} (a running node's, say) instead of a fresh one: it recovers it as a
     * node recovers a snapshot, so what ran this cycle, the requests and retries waiting, approvals, denials and a
     * stop all carry on. Runs in flight in {@code state} are recovered as a node recovers them after a crash:
     * interrupted, and retried under their policy with the same run id (or abandoned on their last attempt).
     */
    public Simulation startingFrom(SupervisorState state) {
        this.startingState = Optional.of(Objects.requireNonNull(state, "state"));
        return this;
    }

    /** Runs for {@code length} from the start. */
    public SimulationResult runFor(Duration length) {
        requireFrom();
        return runUntil(from.plus(length));
    }

    /** {@link #runUntil(Instant)} with an ISO-8601 instant with offset. */
    public SimulationResult runUntil(String to) {
        return runUntil(instant("to", to));
    }

    /**
     * Runs the simulation from the start to {@code to} and returns what happened.
     *
     * @throws IllegalArgumentException if there is no start, {@code to} is not after it, or a crash is outside
     *                                  the range
     * @throws IllegalStateException    if the actor system does not settle (an actor that never stops working)
     */
    public SimulationResult runUntil(Instant to) {
        requireFrom();
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to: the end (" + to + ") must be after the start (" + from + ")");
        }
        for (Instant crash : crashes) {
            if (!crash.isAfter(from) || !crash.isBefore(to)) {
                throw new IllegalArgumentException("crashAt: " + crash + " is not inside the simulated range "
                        + from + " .. " + to);
            }
        }
        TaskCatalog tasks = catalog != null ? catalog : CatalogLoader.loadFile(catalogFile, calendar.zone());
        PlannerConfig plannerConfig = plannerWithFixedMemory();
        long memory = ((MemoryBudget.Fixed) plannerConfig.memory()).mb();
        for (String task : approved) {
            if (!tasks.contains(task)) {
                throw new IllegalArgumentException("approve: no task \"" + task + "\" in the catalog");
            }
        }
        SimulationSettings settings = new SimulationSettings(seed, failureRate, durationSpread, autoApprove,
                approved, safetyTick, memory);
        TradingWindows windows = new TradingWindows(calendar, windowSettings);
        long started = System.nanoTime();
        try (VirtualTime time = VirtualTime.start(from, settleTimeout)) {
            Run run = new Run(time, tasks, windows, plannerConfig, settings, List.copyOf(crashes), startingState);
            return run.until(from, to, started);
        }
    }

    private PlannerConfig plannerWithFixedMemory() {
        PlannerConfig base = planner.orElseGet(() -> PlannerConfig.load(ConfigFactory.defaultReference()));
        long mb = memoryMb.orElseGet(() -> base.memory() instanceof MemoryBudget.Fixed fixed ? fixed.mb()
                : ConfigFactory.defaultReference().getLong("interlude.planner.memory.fixed-mb"));
        return new PlannerConfig(base.settings(), new MemoryBudget.Fixed(mb), base.maxConcurrentRuns(),
                base.maxRunsPerCategory());
    }

    private void requireFrom() {
        if (from == null) {
            throw new IllegalArgumentException("from: the simulation needs a start (call from(...) first)");
        }
    }

    private static double fraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + ": expected a number from 0 to 1, got " + value);
        }
        return value;
    }

    /**
     * Parses an instant with an offset ({@code 2026-01-16T15:00-05:00}, seconds optional), an instant in UTC
     * ({@code 2026-01-16T20:00:00Z}) or a zoned date-time ({@code 2026-01-16T15:00-05:00[America/New_York]}).
     *
     * @throws IllegalArgumentException naming {@code what} and the expected form
     */
    public static Instant instant(String what, String text) {
        Objects.requireNonNull(text, what);
        String s = text.trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return ZonedDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + ": expected an ISO-8601 instant with an offset, like "
                    + "2026-01-16T15:00-05:00, got \"" + text + "\"");
        }
    }

    /** One run of the simulation: its actor system, its supervisor, what it recorded. */
    private static final class Run {
        private final VirtualTime time;
        private final TaskCatalog catalog;
        private final TradingWindows windows;
        private final PlannerConfig planner;
        private final SimulationSettings settings;
        private final PersistenceId persistenceId = PersistenceId.ofUniqueId("simulation-" + UUID.randomUUID());
        private final Recorder recorder;
        private final List<Instant> crashes;
        private final Optional<SupervisorState> startingState;

        Run(VirtualTime time, TaskCatalog catalog, TradingWindows windows, PlannerConfig planner,
            SimulationSettings settings, List<Instant> crashes, Optional<SupervisorState> startingState) {
            this.crashes = crashes;
            this.startingState = startingState;
            this.time = time;
            this.catalog = catalog;
            this.windows = windows;
            this.planner = planner;
            this.settings = settings;
            this.recorder = new Recorder(settings);
        }

        SimulationResult until(Instant from, Instant to, long startedNanos) {
            ActorTestKit kit = ActorTestKit.create(ACTOR_SYSTEM, config(time.id()));
            try {
                recorder.ignoreReplies(kit.system().ignoreRef());
                startingState.ifPresent(state -> SnapshotTestKit.create(kit.system()).persistForRecovery(
                        persistenceId.id(), List.of(Pair.create(SnapshotMeta.create(1, from.toEpochMilli()), state))));
                int generation = 1;
                ActorRef<Supervisor.Command> supervisor = spawn(kit, generation);
                for (Instant crash : crashes) {
                    time.advanceBefore(crash);
                    kit.stop(supervisor, ASK);
                    time.settle();
                    recorder.crashed();
                    supervisor = spawn(kit, ++generation);
                }
                time.advanceBefore(to);
                SupervisorState finalState = ask(kit, supervisor);
                List<SupervisorEvent> journal = new ArrayList<>();
                for (Object event : time.journal().payloads(persistenceId.id())) {
                    journal.add((SupervisorEvent) event);
                }
                kit.stop(supervisor, ASK);
                Duration wall = Duration.ofNanos(System.nanoTime() - startedNanos);
                return SimulationResult.build(from, to, catalog, windows, settings, journal, recorder.episodes(),
                        crashes, finalState, wall, time.timersFired());
            } finally {
                shutdown(kit);
            }
        }

        private ActorRef<Supervisor.Command> spawn(ActorTestKit kit, int generation) {
            InstantSource clock = time.clock();
            Supervisor.Setup setup = new Supervisor.Setup(persistenceId, catalog, windows, planner, clock,
                    new SupervisorSettings(settings.safetyTick(), 100, 2, Optional.empty(), Duration.ZERO),
                    context -> new RunnerLauncher(context, task -> new SimulatedHandler(task, settings,
                            context.getSystem().scheduler(), context.getExecutionContext()), clock),
                    java.util.Map::of, () -> StatusFeed.observedBy(recorder));
            ActorRef<Supervisor.Command> supervisor = kit.spawn(Supervisor.create(setup), "supervisor-" + generation);
            recorder.supervisor(supervisor);
            return supervisor;
        }

        private SupervisorState ask(ActorTestKit kit, ActorRef<Supervisor.Command> supervisor) {
            try {
                return AskPattern.<Supervisor.Command, SupervisorState>ask(supervisor, Supervisor.GetState::new, ASK,
                        kit.system().scheduler()).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the simulated supervisor did not answer: " + e, e);
            }
        }

        private void shutdown(ActorTestKit kit) {
            kit.system().terminate();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!kit.system().getWhenTerminated().toCompletableFuture().isDone() && System.nanoTime() < deadline) {
                // Shutting down may wait for timers (phase timeouts): let virtual time run on until it is done.
                Optional<Instant> next = time.nextTimer();
                try {
                    time.advanceTo(next.orElse(time.now()));
                    kit.system().getWhenTerminated().toCompletableFuture().get(next.isPresent() ? 0 : 10,
                            TimeUnit.MILLISECONDS);
                } catch (Exception stillRunning) {
                    // not yet
                }
            }
        }

        private static Config config(String timeId) {
            String executor = "\"" + VirtualExecutorConfigurator.class.getName() + "\"";
            Config simulation = ConfigFactory.parseString(String.join("\n",
                    VirtualTime.CONFIG_KEY + " = \"" + timeId + "\"",
                    "pekko.scheduler.implementation = \"" + VirtualScheduler.class.getName() + "\"",
                    "pekko.actor.default-dispatcher.executor = " + executor,
                    "pekko.actor.internal-dispatcher.executor = " + executor,
                    "pekko.actor.default-blocking-io-dispatcher.executor = " + executor,
                    "pekko.persistence.dispatchers.default-plugin-dispatcher { type = Dispatcher, executor = "
                            + executor + " }",
                    "pekko.persistence.dispatchers.default-replay-dispatcher.executor = " + executor,
                    "pekko.persistence.dispatchers.default-stream-dispatcher.executor = " + executor,
                    "interlude.blocking-dispatcher.executor = " + executor,
                    "pekko.persistence.journal.plugin = \"" + SimulationJournal.PLUGIN_ID + "\"",
                    SimulationJournal.PLUGIN_ID + ".class = \"" + SimulationJournal.class.getName() + "\"",
                    SimulationJournal.PLUGIN_ID + ".plugin-dispatcher = \"pekko.actor.default-dispatcher\"",
                    SimulationJournal.PLUGIN_ID + ".circuit-breaker.call-timeout = 3650d",
                    "pekko.persistence.testkit.snapshots.serialize = off",
                    "pekko.persistence.journal-plugin-fallback.recovery-event-timeout = 3650d",
                    // The cluster's distributed-data serializer cleans its cache on a timer (every 5 s), which on
                    // virtual time is 70,000 wake-ups over a long weekend for nothing: a simulated node is one local
                    // actor system that sends nothing over the wire.
                    "pekko.cluster.distributed-data.serializer-cache-time-to-live = 3650d",
                    "pekko.log-dead-letters = off",
                    "pekko.log-dead-letters-during-shutdown = off",
                    "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off"));
            return simulation
                    .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
                    .withFallback(ConfigFactory.load())
                    .resolve();
        }
    }
}
