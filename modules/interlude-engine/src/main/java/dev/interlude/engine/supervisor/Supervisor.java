package dev.interlude.engine.supervisor;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.typesafe.config.ConfigException;
import dev.interlude.core.Durations;
import dev.interlude.core.config.Problem;
import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.plan.Blocked;
import dev.interlude.core.plan.DueIndex;
import dev.interlude.core.plan.Plan;
import dev.interlude.core.plan.Planner;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.plan.Start;
import dev.interlude.core.task.Branch;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.window.TimeFrame;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.engine.CborSerializable;
import dev.interlude.engine.status.StatusEvents;
import dev.interlude.engine.status.StatusFeed;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalDenied;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalGranted;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalRequested;
import dev.interlude.engine.supervisor.SupervisorEvent.DispatchResumed;
import dev.interlude.engine.supervisor.SupervisorEvent.DispatchStopped;
import dev.interlude.engine.supervisor.SupervisorEvent.RetryScheduled;
import dev.interlude.engine.supervisor.SupervisorEvent.RunAbandoned;
import dev.interlude.engine.supervisor.SupervisorEvent.RunFailed;
import dev.interlude.engine.supervisor.SupervisorEvent.RunInterrupted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunQueued;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunSucceeded;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskDefined;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskEnabledChanged;
import dev.interlude.engine.supervisor.SupervisorEvent.TaskRemoved;
import dev.interlude.engine.supervisor.SupervisorState.RunningRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The one actor per cluster that decides what runs. It journals every decision and every outcome, asks the core
 * planner what to start on every wake-up, hands each start to the {@link Launcher} after it is journaled, and wakes
 * at the plan's next decision (a trigger, a retry, a phase change), at least every safety tick, and on every
 * command.
 *
 * <p>Recovery promise: a completion that was acknowledged is in the journal; a run that was in flight when the
 * node died is recorded {@link RunInterrupted} on recovery and retried under its policy with the same run id.
 */
public final class Supervisor
        extends EventSourcedBehaviorWithEnforcedReplies<Supervisor.Command, SupervisorEvent, SupervisorState> {

    /** The supervisor's journal: one per cluster. */
    public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("interlude-supervisor");

    private static final Duration SOON = Duration.ofMillis(1);

    /**
     * What waits while the supervisor is restarting after a journal failure: operators' commands and state queries
     * (bounded by the HTTP routes' asks), timers, and one batch from the outbox. Runners never report here directly.
     */
    private static final int STASH_DURING_BACKOFF = 10_000;

    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    /** How the refusal of a task definition that does not make a valid catalog begins. */
    public static final String INVALID_DEFINITION = "invalid definition of task \"";

    /** A problem's path that is a reference to another task: {@code tasks.<task>.<key>[...]}. */
    private static final Pattern REFERENCE = Pattern.compile("tasks\\.([^.]+)\\.([a-z-]+)\\[.*");

    /** Everything the supervisor decides with. */
    public record Setup(PersistenceId persistenceId, TaskCatalog catalog, TradingWindows windows,
                        PlannerConfig planner, InstantSource clock, SupervisorSettings settings,
                        Function<ActorContext<Command>, Launcher> launcher,
                        Supplier<Map<String, String>> unavailableTasks, Supplier<StatusFeed> statusFeed) {

        /** A setup whose tasks' endpoints are always available, publishing no status feed. */
        public Setup(PersistenceId persistenceId, TaskCatalog catalog, TradingWindows windows, PlannerConfig planner,
                     InstantSource clock, SupervisorSettings settings,
                     Function<ActorContext<Command>, Launcher> launcher) {
            this(persistenceId, catalog, windows, planner, clock, settings, launcher, Map::of, StatusFeed::none);
        }
    }

    public sealed interface Command extends CborSerializable {
    }

    /** Queue a run of {@code task} now (it still waits for its phase, dependencies and limits); replies the request id. */
    public record RequestRun(String task, Map<String, String> parameters, String requestedBy,
                             ActorRef<StatusReply<String>> replyTo) implements Command {
        public RequestRun {
            parameters = Map.copyOf(parameters);
        }
    }

    /** Approve a task until the end of the current research window (or trading cycle outside one). */
    public record Approve(String task, String by, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** Deny a task until the end of the current research window (or trading cycle outside one). */
    public record Deny(String task, String by, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** The emergency stop: nothing new starts; runs in flight are cancelled if asked. */
    public record Stop(String by, String reason, boolean cancelRunning, ActorRef<StatusReply<Done>> replyTo)
            implements Command {
    }

    public record Resume(String by, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record GetState(ActorRef<SupervisorState> replyTo) implements Command {
    }

    /**
     * Define {@code task} (add it, or replace its definition): {@code definition} is its catalog block as a JSON
     * object, the keys of a task in the catalog file. Refused, with every problem by path, unless the catalog with it
     * is valid as a whole (references, conflicts, cycles). It may hold handler secrets: never printed.
     */
    public record DefineTask(String task, String definition, String by, ActorRef<StatusReply<Done>> replyTo)
            implements Command {
        @Override
        public String toString() {
            return "DefineTask[task=" + task + ", definition=(" + definition.length() + " chars), by=" + by + "]";
        }
    }

    /** Remove {@code task}; refused while another task depends on it, conflicts with it or branches to it. */
    public record RemoveTask(String task, String by, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** Switch {@code task} on or off; a disabled task does not start (its runs in flight go on). */
    public record SetTaskEnabled(String task, boolean enabled, String by, ActorRef<StatusReply<Done>> replyTo)
            implements Command {
    }

    /**
     * What a runner reports about one attempt of its run. Runners send reports to the supervisor's outbox
     * ({@link RunReports}), which hands them over in batches; a report sent straight to the supervisor is handled
     * as a batch of one.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "report")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = RunFinished.class, name = "finished"),
            @JsonSubTypes.Type(value = AttemptFailed.class, name = "attempt-failed")})
    public sealed interface RunReport extends Command, RunReports.Command permits RunFinished, AttemptFailed {
        String runId();

        int attempt();
    }

    /** From a runner: the run ended well. */
    public record RunFinished(String runId, int attempt, String result) implements RunReport {
    }

    /** From a runner: an attempt failed; {@code retryAt} is when the runner tries again, empty when it gave up. */
    public record AttemptFailed(String runId, int attempt, String error, Optional<Instant> retryAt)
            implements RunReport {
    }

    /**
     * From the outbox: the reports that arrived while the previous batch was being journaled, journaled together
     * and then acknowledged to {@code replyTo} with {@link RunReports.Journaled}. The first batch after a recovery
     * ({@code afterRecovery}) also settles the runs that were in flight: those whose runner is gone and that this
     * batch does not end are recorded as interrupted.
     */
    public record ReportsGathered(long batch, List<RunReport> reports, boolean afterRecovery,
                                  ActorRef<RunReports.Command> replyTo) implements Command {
        public ReportsGathered {
            reports = List.copyOf(reports);
        }
    }

    /**
     * From the intake ({@link RunRequests}): the operators' requests that arrived while the previous batch was being
     * journaled, journaled together (each valid one as a {@code RunQueued}), answered, and then acknowledged to
     * {@code replyTo} with {@link RunRequests.Journaled}.
     */
    public record RequestsGathered(long batch, List<RequestRun> requests, ActorRef<RunRequests.Command> replyTo)
            implements Command {
        public RequestsGathered {
            requests = List.copyOf(requests);
        }
    }

    /**
     * Graceful shutdown: start nothing new, let the runs in flight finish for up to {@code timeout}, then record the
     * ones still running as interrupted (they are retried with the same run id when a supervisor runs again) and
     * cancel them. Replies when no run is left in flight.
     */
    public record Drain(Duration timeout, ActorRef<Done> replyTo) implements Command {
    }

    /** The drain's time is up. */
    enum DrainTimedOut implements Command {
        INSTANCE
    }

    /** Wake up and decide. */
    enum Tick implements Command {
        INSTANCE
    }

    /**
     * Wake up and decide what starts at {@code at}, a known due instant at most the settings' start lead away: the
     * starts are journaled now and their handlers begin at {@code at}.
     */
    record DecideAt(Instant at) implements Command {
    }

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new Supervisor(context, timers, setup)));
    }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Setup setup;
    private final Launcher launcher;
    private final StatusFeed feed;
    /** The runners' outbox: every runner reports to it, and it hands the reports over in batches. */
    private final ActorRef<RunReports.Command> reports;
    /** The operators' requests' intake: requests are journaled in batches, each answered once written. */
    private final ActorRef<RunRequests.Command> requests;
    /**
     * The runs in flight in the recovered state whose runner was gone at recovery (a restart after a journal failure
     * keeps the runners; a new node has none): the outbox's first batch after the recovery says which of them
     * ended, and the others are recorded as interrupted. Runs started after the recovery are never among them.
     */
    private Set<String> orphansAtRecovery = Set.of();
    /** Whether the last journal write failed: the next recovery is logged as the journal coming back. */
    private boolean recoveringFromFailure;
    /** While draining (transient: a restarted supervisor is not draining), who waits for the last run to end. */
    private final List<ActorRef<Done>> drainWaiters = new ArrayList<>();
    private boolean draining;
    private String lastLoggedFrame = "";
    /** What the planner worked out in the previous decisions and can use again (a cache: plans are the same). */
    private final DueIndex dueIndex = new DueIndex();
    private final PlanningInputs planningInputs = new PlanningInputs();
    /** The catalog with the run-time changes over it, rebuilt when the changes change. */
    private EffectiveCatalog effective;
    private CatalogChanges effectiveFor;

    private Supervisor(ActorContext<Command> context, TimerScheduler<Command> timers, Setup setup) {
        super(setup.persistenceId(), journalFailureBackoff(setup.settings()));
        this.context = context;
        this.timers = timers;
        this.setup = setup;
        this.launcher = setup.launcher().apply(context);
        this.feed = setup.statusFeed().get();
        this.reports = context.spawn(RunReports.create(context.getSelf(), RunReports.MAX_BATCH), "reports");
        this.requests = context.spawn(RunRequests.create(context.getSelf(), RunRequests.MAX_BATCH), "requests");
    }

    /**
     * A journal write or read that fails (the database is down) restarts the supervisor after a backoff, and it
     * recovers its state from the journal again, until the journal answers. Its children (the runners and the
     * outbox) are kept: runs in flight go on, and their reports wait in the outbox until they can be written.
     */
    private static BackoffSupervisorStrategy journalFailureBackoff(SupervisorSettings settings) {
        SupervisorSettings.JournalBackoff backoff = settings.journalBackoff();
        return SupervisorStrategy.restartWithBackoff(backoff.min(), backoff.max(), backoff.randomFactor())
                .withStopChildren(false)
                .withMaxRestarts(-1)
                .withStashCapacity(STASH_DURING_BACKOFF);
    }

    @Override
    public SupervisorState emptyState() {
        return SupervisorState.empty();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(setup.settings().snapshotEvery(), setup.settings().keepSnapshots());
    }

    @Override
    public SignalHandler<SupervisorState> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    // The runs whose runner is still alive go on (after a journal failure the runners were kept);
                    // the outbox's next batch says which of the others ended while the state was being recovered.
                    Set<String> alive = launcher.inFlight();
                    orphansAtRecovery = state.running().keySet().stream().filter(id -> !alive.contains(id))
                            .collect(Collectors.toUnmodifiableSet());
                    if (recoveringFromFailure) {
                        context.getLog().info("the journal answers again: state recovered, {} run(s) still running",
                                alive.size());
                        recoveringFromFailure = false;
                    }
                    reports.tell(RunReports.Recovered.INSTANCE);
                    requests.tell(RunRequests.Recovered.INSTANCE);
                    wakeNow();
                })
                .onSignal(PreRestart.class, (state, signal) -> {
                    recoveringFromFailure = true;
                    context.getLog().error("a journal write or read failed: dispatch pauses, runs in flight go on; "
                            + "retrying with backoff ({} to {})",
                            Durations.human(setup.settings().journalBackoff().min()),
                            Durations.human(setup.settings().journalBackoff().max()));
                })
                .build();
    }

    @Override
    public EventHandler<SupervisorState, SupervisorEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(SupervisorState::apply);
    }

    @Override
    public CommandHandlerWithReply<Command, SupervisorEvent, SupervisorState> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(Tick.class, (state, tick) -> onTick(state, Optional.empty()))
                .onCommand(DecideAt.class, (state, c) -> onTick(state, Optional.of(c.at())))
                .onCommand(RequestRun.class, this::onRequestRun)
                .onCommand(Approve.class, this::onApprove)
                .onCommand(Deny.class, this::onDeny)
                .onCommand(Stop.class, this::onStop)
                .onCommand(Resume.class, this::onResume)
                .onCommand(DefineTask.class, this::onDefineTask)
                .onCommand(RemoveTask.class, this::onRemoveTask)
                .onCommand(SetTaskEnabled.class, this::onSetTaskEnabled)
                .onCommand(GetState.class, (state, c) -> Effect().reply(c.replyTo(), state))
                .onCommand(Drain.class, this::onDrain)
                .onCommand(DrainTimedOut.class, (state, c) -> onDrainTimedOut(state))
                .onCommand(RunFinished.class, (state, c) -> onReports(state, List.of(c), false).thenNoReply())
                .onCommand(AttemptFailed.class, (state, c) -> onReports(state, List.of(c), false).thenNoReply())
                .onCommand(ReportsGathered.class, this::onReportsGathered)
                .onCommand(RequestsGathered.class, this::onRequestsGathered)
                .build();
    }

    // ---- deciding ----

    /** The reason recorded when the stop file stops dispatch; only a stop for this reason is lifted by removing it. */
    static final String STOP_FILE_BY = "stop file";

    /**
     * Decides what starts now, or, woken ahead of a known due instant ({@code ahead}), what starts then: the plan
     * is made for that instant, its starts are journaled at once, and their runners begin the handlers at that
     * instant (the journal write is then not between the fire and the handler).
     */
    private ReplyEffect<SupervisorEvent, SupervisorState> onTick(SupervisorState state, Optional<Instant> ahead) {
        if (draining) {
            return Effect().noReply();
        }
        Instant now = setup.clock().instant();
        Optional<SupervisorEvent> stopFile = stopFileChange(state, now);
        if (stopFile.isPresent()) {
            return journal(stopFile.get()).thenRun(s -> wakeNow()).thenNoReply();
        }
        Instant at = ahead.filter(a -> a.isAfter(now)).orElse(now);
        TimeFrame frame = setup.windows().frameAt(at);
        Plan plan = Planner.plan(state.toPlanningState(catalog(state), frame, setup.planner().resources(),
                        setup.planner().settings(), at, planningInputs)
                .withUnavailable(setup.unavailableTasks().get()).withDueIndex(dueIndex), at);
        List<SupervisorEvent> events = new ArrayList<>();
        List<RunStarted> started = new ArrayList<>();
        for (Start start : plan.starts()) {
            TaskSpec spec = catalog(state).get(start.taskName()).orElseThrow();
            long sequenceNr = nextSequenceNr(events);
            RunStarted event = new RunStarted(start.runId().orElseGet(() -> newRunId(spec.name(), at, sequenceNr)),
                    spec.name(), start.attempt(), start.cause(), start.requestId(), start.parameters(),
                    spec.category(), spec.memoryMb(), start.estimate(), at);
            events.add(event);
            started.add(event);
        }
        for (Blocked blocked : plan.blocked()) {
            if (blocked.reason() == BlockReason.AWAITING_APPROVAL && !state.awaiting().containsKey(blocked.taskName())
                    && !deniedAt(state, blocked.taskName(), at)) {
                events.add(new ApprovalRequested(blocked.taskName(), blocked.detail(), approvalExpiry(frame), at));
            }
        }
        Instant wake = plan.nextDecision();
        if (events.isEmpty() && ahead.isEmpty() && withinLead(now, wake)) {
            // Woken by a change (a run ended, a request) just before a known instant: decide for it now, as the
            // ahead decision this wake-up replaced would have (a stream of changes must not keep putting it off).
            // This plan changes nothing and is not published: the one for the instant is.
            return onTick(state, Optional.of(wake));
        }
        feed.planned(plan, lastSequenceNumber(context));
        logFrame(plan);
        if (events.isEmpty()) {
            return Effect().none().thenRun(s -> scheduleWake(wake)).thenNoReply();
        }
        return journal(events)
                .thenRun(s -> {
                    logStarts(started); // once journaled: a start that could not be written never happened
                    for (RunStarted run : started) {
                        launcher.launch(order(catalog(s), run, frame, at));
                    }
                    scheduleWake(wake);
                })
                .thenNoReply();
    }

    /**
     * The stop file stops dispatch while it exists, and resumes it when it is removed (only if it was the stop file
     * that stopped it: an operator's stop stays until the operator resumes).
     */
    private Optional<SupervisorEvent> stopFileChange(SupervisorState state, Instant now) {
        if (setup.settings().stopFile().isEmpty()) {
            return Optional.empty();
        }
        Path file = setup.settings().stopFile().get();
        boolean present = Files.exists(file);
        if (present && !state.stopped()) {
            context.getLog().warn("stop file {} exists: dispatch stopped", file);
            return Optional.of(new DispatchStopped(STOP_FILE_BY, "stop file " + file + " exists", false, now));
        }
        boolean stoppedByFile = state.stop().map(s -> s.by().equals(STOP_FILE_BY)).orElse(false);
        if (!present && stoppedByFile) {
            context.getLog().info("stop file {} removed: dispatch resumed", file);
            return Optional.of(new DispatchResumed(STOP_FILE_BY, now));
        }
        return Optional.empty();
    }

    /** The phase and budget whenever they change, for the operator reading the log. */
    private void logFrame(Plan plan) {
        TimeFrame frame = plan.frame();
        String where = frame.phase().phase() + frame.researchWindow()
                .map(w -> " (" + w.budgetType().id() + " window until " + w.end().toOffsetDateTime() + ", "
                        + Durations.human(w.remainingAt(plan.at())) + " left)")
                .orElse(" until " + frame.phase().end().toOffsetDateTime());
        if (!where.equals(lastLoggedFrame)) {
            context.getLog().info("now {}; {} task(s) waiting", where, plan.blocked().size());
            lastLoggedFrame = where;
        }
    }

    /**
     * The starts, for the operator reading the log: one line per decision at INFO (a busy desk starts thousands of
     * runs a second), each run at DEBUG.
     */
    private void logStarts(List<RunStarted> started) {
        if (started.isEmpty()) {
            return;
        }
        if (started.size() == 1) {
            RunStarted run = started.get(0);
            context.getLog().info("starting {} as {} (attempt {}, {})", run.task(), run.runId(), run.attempt(),
                    run.cause().name().toLowerCase(Locale.ROOT));
            return;
        }
        context.getLog().info("starting {} runs: {}", started.size(), started.stream().limit(3)
                .map(RunStarted::runId).collect(Collectors.joining(", ")) + (started.size() > 3 ? ", ..." : ""));
        if (context.getLog().isDebugEnabled()) {
            for (RunStarted run : started) {
                context.getLog().debug("starting {} as {} (attempt {}, {})", run.task(), run.runId(), run.attempt(),
                        run.cause().name().toLowerCase(Locale.ROOT));
            }
        }
    }

    private RunOrder order(TaskCatalog catalog, RunStarted run, TimeFrame frame, Instant now) {
        TaskSpec spec = catalog.get(run.task()).orElseThrow();
        return new RunOrder(run.runId(), spec, run.attempt(), run.parameters(), now, frame.researchWindow(),
                frame.remainingBudgetAt(now), reports.narrow());
    }

    /** Whether {@code instant} is close enough after {@code now} to be decided ahead now. */
    private boolean withinLead(Instant now, Instant instant) {
        Duration lead = setup.settings().startLead();
        return !lead.isZero() && instant.isAfter(now) && Duration.between(now, instant).compareTo(lead) <= 0;
    }

    /**
     * Wakes at the plan's next decision, counted from the clock now (after the journal write, which takes
     * milliseconds), not from the instant the plan was made: so a per-second trigger's runs start on the second
     * every second instead of a write's time later each time. With a start lead, it wakes that much before the
     * decision's instant and decides for the instant itself ({@link DecideAt}).
     */
    private void scheduleWake(Instant nextDecision) {
        Instant now = setup.clock().instant();
        Duration until = Duration.between(now, nextDecision);
        Duration safety = setup.settings().safetyTick();
        Duration lead = setup.settings().startLead();
        if (!lead.isZero() && until.compareTo(SOON) >= 0 && until.compareTo(safety) <= 0) {
            Duration early = until.minus(lead);
            timers.startSingleTimer(Tick.INSTANCE, new DecideAt(nextDecision),
                    early.compareTo(SOON) < 0 ? SOON : early);
            return;
        }
        Duration delay = until.compareTo(SOON) < 0 ? SOON : until.compareTo(safety) > 0 ? safety : until;
        timers.startSingleTimer(Tick.INSTANCE, delay);
    }

    /**
     * Persists the events, then publishes them on the status feed, numbered from the journal, before anything
     * else chained after it runs.
     */
    private EffectBuilder<SupervisorEvent, SupervisorState> journal(List<SupervisorEvent> events) {
        return Effect().persist(events).thenRun(s -> feed.persisted(events, lastSequenceNumber(context)));
    }

    private EffectBuilder<SupervisorEvent, SupervisorState> journal(SupervisorEvent event) {
        return journal(List.of(event));
    }

    /**
     * Decide again as soon as the commands already waiting are handled. It goes through the scheduler, after the
     * settings' wake delay (1 ms on a node: a zero delay would run at once even on a test's manual clock), so tests
     * on virtual time decide when the supervisor wakes.
     */
    private void wakeNow() {
        timers.startSingleTimer(Tick.INSTANCE, setup.settings().wakeDelay());
    }

    /**
     * A new run's id: the task, the instant it starts (UTC) and the journal sequence number of its
     * {@code RunStarted}, which no other event of this journal has. Unique, readable, and the same on every replay
     * of the same decisions, so simulations are deterministic.
     */
    private static String newRunId(String task, Instant now, long sequenceNr) {
        return task + "-" + RUN_ID_TIME.format(now) + "-" + sequenceNr;
    }

    /** The journal sequence number the next event added to {@code pending} will get once persisted. */
    private long nextSequenceNr(List<SupervisorEvent> pending) {
        return lastSequenceNumber(context) + pending.size() + 1;
    }

    private static boolean deniedAt(SupervisorState state, String task, Instant now) {
        Instant until = state.denials().get(task);
        return until != null && until.isAfter(now);
    }

    /** Approvals and denials hold until the end of the research window, or of the trading cycle outside one. */
    private static Instant approvalExpiry(TimeFrame frame) {
        return frame.researchWindow().map(w -> w.end().toInstant()).orElse(frame.cycle().end().toInstant());
    }

    // ---- recovery ----

    /** Every run in flight, recorded as interrupted and scheduled again under its retry policy (or abandoned). */
    private List<SupervisorEvent> interruptions(SupervisorState state, Instant now) {
        return interruptions(state, state.running().values(), now);
    }

    /** These runs in flight, recorded as interrupted and scheduled again under their retry policy (or abandoned). */
    private List<SupervisorEvent> interruptions(SupervisorState state, Collection<RunningRecord> runs, Instant now) {
        List<SupervisorEvent> events = new ArrayList<>();
        for (RunningRecord run : runs) {
            events.add(new RunInterrupted(run.runId(), run.task(), run.attempt(), now));
            int allowed = catalog(state).get(run.task()).map(t -> t.retry().maxAttempts()).orElse(run.attempt());
            if (run.attempt() < allowed) {
                events.add(new RetryScheduled(run.runId(), run.task(), run.attempt() + 1, now, now));
            } else {
                events.add(new RunAbandoned(run.runId(), run.task(), run.attempt(),
                        "interrupted on its last allowed attempt", now));
            }
        }
        return events;
    }

    // ---- draining ----

    private ReplyEffect<SupervisorEvent, SupervisorState> onDrain(SupervisorState state, Drain c) {
        draining = true;
        timers.cancel(Tick.INSTANCE);
        if (state.running().isEmpty()) {
            return Effect().reply(c.replyTo(), Done.getInstance());
        }
        context.getLog().info("draining: waiting up to {} for {} run(s) in flight", Durations.human(c.timeout()),
                state.running().size());
        drainWaiters.add(c.replyTo());
        timers.startSingleTimer(DrainTimedOut.INSTANCE, c.timeout());
        return Effect().noReply();
    }

    private ReplyEffect<SupervisorEvent, SupervisorState> onDrainTimedOut(SupervisorState state) {
        if (state.running().isEmpty()) {
            return Effect().noReply();
        }
        context.getLog().warn("drain timed out: {} run(s) recorded as interrupted", state.running().size());
        List<String> runIds = new ArrayList<>(state.running().keySet());
        return journal(interruptions(state, setup.clock().instant()))
                .thenRun(s -> {
                    runIds.forEach(runId -> launcher.cancel(runId, "the node is shutting down"));
                    drained(s);
                })
                .thenNoReply();
    }

    /** Answers those waiting for the drain once nothing is left in flight. */
    private void drained(SupervisorState state) {
        if (draining && state.running().isEmpty() && !drainWaiters.isEmpty()) {
            drainWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
            drainWaiters.clear();
            timers.cancel(DrainTimedOut.INSTANCE);
        }
    }

    // ---- operators ----

    /** A request goes through the intake, which hands it back in a batch with those asked at the same time. */
    private ReplyEffect<SupervisorEvent, SupervisorState> onRequestRun(SupervisorState state, RequestRun c) {
        requests.tell(new RunRequests.Request(c));
        return Effect().noReply();
    }

    /**
     * Journals the batch's valid requests in one write and answers each with its request id once written; a request
     * of an unknown or disabled task is refused at once.
     */
    private ReplyEffect<SupervisorEvent, SupervisorState> onRequestsGathered(SupervisorState state,
                                                                              RequestsGathered c) {
        TaskCatalog catalog = catalog(state);
        Instant now = setup.clock().instant();
        List<SupervisorEvent> events = new ArrayList<>();
        List<RequestRun> accepted = new ArrayList<>();
        for (RequestRun request : c.requests()) {
            Optional<TaskSpec> spec = catalog.get(request.task());
            if (spec.isEmpty()) {
                request.replyTo().tell(StatusReply.error("unknown task \"" + request.task() + "\""));
            } else if (!spec.get().enabled()) {
                request.replyTo().tell(StatusReply.error("task \"" + request.task() + "\" is disabled"));
            } else {
                events.add(new RunQueued("req-" + nextSequenceNr(events), request.task(), request.parameters(),
                        request.requestedBy(), now));
                accepted.add(request);
            }
        }
        if (events.isEmpty()) {
            return Effect().reply(c.replyTo(), new RunRequests.Journaled(c.batch()));
        }
        return journal(events)
                .thenRun(s -> {
                    for (int i = 0; i < accepted.size(); i++) {
                        accepted.get(i).replyTo().tell(StatusReply.success(((RunQueued) events.get(i)).requestId()));
                    }
                    wakeNow();
                })
                .thenReply(c.replyTo(), s -> new RunRequests.Journaled(c.batch()));
    }

    private ReplyEffect<SupervisorEvent, SupervisorState> onApprove(SupervisorState state, Approve c) {
        if (!catalog(state).contains(c.task())) {
            return Effect().reply(c.replyTo(), StatusReply.error("unknown task \"" + c.task() + "\""));
        }
        Instant now = setup.clock().instant();
        return journal(new ApprovalGranted(c.task(), c.by(), approvalExpiry(setup.windows().frameAt(now)), now))
                .thenRun(s -> wakeNow())
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<SupervisorEvent, SupervisorState> onDeny(SupervisorState state, Deny c) {
        if (!catalog(state).contains(c.task())) {
            return Effect().reply(c.replyTo(), StatusReply.error("unknown task \"" + c.task() + "\""));
        }
        Instant now = setup.clock().instant();
        return journal(new ApprovalDenied(c.task(), c.by(), approvalExpiry(setup.windows().frameAt(now)), now))
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<SupervisorEvent, SupervisorState> onStop(SupervisorState state, Stop c) {
        if (state.stopped()) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        return journal(new DispatchStopped(c.by(), c.reason(), c.cancelRunning(), setup.clock().instant()))
                .thenRun(s -> {
                    if (c.cancelRunning()) {
                        s.running().keySet().forEach(runId -> launcher.cancel(runId, "dispatch stopped: " + c.reason()));
                    }
                })
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<SupervisorEvent, SupervisorState> onResume(SupervisorState state, Resume c) {
        if (!state.stopped()) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        return journal(new DispatchResumed(c.by(), setup.clock().instant()))
                .thenRun(s -> wakeNow())
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    // ---- the catalog, changed at run time ----

    /**
     * The catalog to plan with: the configured one with the journaled changes over it, rebuilt only when they
     * change. Changes that no longer fit the configured catalog (the file changed under them) are set aside, loudly:
     * the configured catalog runs until an operator repairs or removes them.
     */
    private TaskCatalog catalog(SupervisorState state) {
        CatalogChanges changes = state.catalogChanges();
        if (effective == null || changes != effectiveFor) {
            effective = EffectiveCatalog.of(setup.catalog(), changes);
            effectiveFor = changes;
            if (!effective.applied()) {
                context.getLog().error("the task changes made over the API do not fit the configured catalog; "
                        + "running the configured catalog until they are changed or removed: {}",
                        effective.problems().stream().map(p -> StatusEvents.safeReason(p.toString()))
                                .collect(Collectors.joining("; ")));
            }
        }
        return effective.catalog();
    }

    private ReplyEffect<SupervisorEvent, SupervisorState> onDefineTask(SupervisorState state, DefineTask c) {
        String definition;
        try {
            definition = CatalogChanges.canonical(c.definition());
        } catch (ConfigException e) {
            return Effect().reply(c.replyTo(), StatusReply.error(INVALID_DEFINITION + c.task() + "\": "
                    + e.getMessage()));
        }
        TaskDefined event = new TaskDefined(c.task(), definition, c.by(), setup.clock().instant());
        List<Problem> problems = EffectiveCatalog.problemsOfChange(setup.catalog(), state.catalogChanges(),
                state.catalogChanges().apply(event));
        if (!problems.isEmpty()) {
            return Effect().reply(c.replyTo(), StatusReply.error(INVALID_DEFINITION + c.task() + "\": "
                    + problems.stream().map(Problem::toString).collect(Collectors.joining("; "))));
        }
        context.getLog().info("task {} defined by {}", c.task(), c.by());
        return journal(event).thenRun(s -> wakeNow()).thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<SupervisorEvent, SupervisorState> onRemoveTask(SupervisorState state, RemoveTask c) {
        if (!catalog(state).contains(c.task())) {
            return Effect().reply(c.replyTo(), StatusReply.error("unknown task \"" + c.task() + "\""));
        }
        TaskRemoved event = new TaskRemoved(c.task(), c.by(), setup.clock().instant());
        List<Problem> problems = EffectiveCatalog.problemsOfChange(setup.catalog(), state.catalogChanges(),
                state.catalogChanges().apply(event));
        if (!problems.isEmpty()) {
            return Effect().reply(c.replyTo(), StatusReply.error("task \"" + c.task() + "\" cannot be removed: "
                    + referrers(problems)));
        }
        context.getLog().info("task {} removed by {}", c.task(), c.by());
        return journal(event).thenRun(s -> wakeNow()).thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    /** Who still refers to a task being removed: {@code calculate_pnl depends on it (tasks.calculate_pnl...)}. */
    private static String referrers(List<Problem> problems) {
        List<String> referrers = new ArrayList<>();
        for (Problem p : problems) {
            Matcher m = REFERENCE.matcher(p.path());
            referrers.add(!m.matches() ? p.toString() : m.group(1) + switch (m.group(2)) {
                case "dependencies" -> " depends on it";
                case "conflicts" -> " conflicts with it";
                case "branches" -> " branches to it";
                default -> " refers to it";
            } + " (" + p.path() + ")");
        }
        return String.join(", ", referrers);
    }

    private ReplyEffect<SupervisorEvent, SupervisorState> onSetTaskEnabled(SupervisorState state, SetTaskEnabled c) {
        Optional<TaskSpec> spec = catalog(state).get(c.task());
        if (spec.isEmpty()) {
            return Effect().reply(c.replyTo(), StatusReply.error("unknown task \"" + c.task() + "\""));
        }
        if (spec.get().enabled() == c.enabled()) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        context.getLog().info("task {} {} by {}", c.task(), c.enabled() ? "enabled" : "disabled", c.by());
        return journal(new TaskEnabledChanged(c.task(), c.enabled(), c.by(), setup.clock().instant()))
                .thenRun(s -> wakeNow())
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    // ---- runners ----

    private ReplyEffect<SupervisorEvent, SupervisorState> onReportsGathered(SupervisorState state,
                                                                             ReportsGathered c) {
        return onReports(state, c.reports(), c.afterRecovery())
                .thenReply(c.replyTo(), s -> new RunReports.Journaled(c.batch()));
    }

    /**
     * Journals what the reports say, in one write. A report of a run that already ended, or of an attempt older
     * than the one on record, is already on record (a batch sent again after a recovery) and adds nothing. After a
     * recovery, the runs in flight whose runner was gone when the state was recovered ({@link #orphansAtRecovery}),
     * and that these reports do not end, are recorded as interrupted and retried under their policy with the same
     * run id.
     */
    private EffectBuilder<SupervisorEvent, SupervisorState> onReports(SupervisorState state, List<RunReport> batch,
                                                                      boolean afterRecovery) {
        Instant now = setup.clock().instant();
        TaskCatalog catalog = catalog(state);
        List<SupervisorEvent> events = new ArrayList<>();
        Map<String, Integer> attemptNow = new HashMap<>();
        Set<String> ended = new HashSet<>();
        for (RunReport report : batch) {
            RunningRecord run = state.running().get(report.runId());
            if (run == null || ended.contains(report.runId())
                    || report.attempt() < attemptNow.getOrDefault(report.runId(), run.attempt())) {
                continue;
            }
            if (report instanceof RunFinished f) {
                events.add(new RunSucceeded(f.runId(), run.task(), f.attempt(), f.result(), now));
                events.addAll(branches(catalog, run, true, f.result(), now, nextSequenceNr(events)));
                ended.add(f.runId());
            } else if (report instanceof AttemptFailed f) {
                events.add(new RunFailed(f.runId(), run.task(), f.attempt(), f.error(), now));
                if (f.retryAt().isPresent()) {
                    events.add(new RetryScheduled(f.runId(), run.task(), f.attempt() + 1, f.retryAt().get(), now));
                    attemptNow.put(f.runId(), f.attempt() + 1);
                } else {
                    events.add(new RunAbandoned(f.runId(), run.task(), f.attempt(), f.error(), now));
                    events.addAll(branches(catalog, run, false, "", now, nextSequenceNr(events)));
                    ended.add(f.runId());
                }
            }
        }
        boolean anyEnded = !ended.isEmpty();
        if (afterRecovery) {
            List<RunningRecord> orphans = new ArrayList<>();
            for (RunningRecord run : state.running().values()) {
                if (!ended.contains(run.runId()) && orphansAtRecovery.contains(run.runId())) {
                    int attempt = attemptNow.getOrDefault(run.runId(), run.attempt());
                    orphans.add(attempt == run.attempt() ? run : run.withAttempt(attempt));
                }
            }
            orphansAtRecovery = Set.of();
            if (!orphans.isEmpty()) {
                context.getLog().info("recovered {} run(s) that were in flight as interrupted", orphans.size());
                events.addAll(interruptions(state, orphans, now));
                anyEnded = true;
            }
        }
        if (events.isEmpty()) {
            return Effect().none();
        }
        boolean wake = anyEnded;
        return journal(events).thenRun(s -> {
            logOutcomes(events);
            if (wake) {
                afterRunEnded(s);
            }
        });
    }

    /**
     * The outcomes just journaled, for the operator reading the log: the run itself when one ended, one line per
     * batch when many did (each attempt is at DEBUG in its runner's log).
     */
    private void logOutcomes(List<SupervisorEvent> events) {
        int succeeded = 0;
        int retrying = 0;
        int abandoned = 0;
        SupervisorEvent only = null;
        for (SupervisorEvent e : events) {
            if (e instanceof RunSucceeded || e instanceof RetryScheduled || e instanceof RunAbandoned) {
                only = succeeded + retrying + abandoned == 0 ? e : null;
                if (e instanceof RunSucceeded) {
                    succeeded++;
                } else if (e instanceof RetryScheduled) {
                    retrying++;
                } else {
                    abandoned++;
                }
            }
        }
        if (only instanceof RunSucceeded e) {
            context.getLog().info("{} succeeded (attempt {})", e.runId(), e.attempt());
        } else if (only instanceof RetryScheduled e) {
            context.getLog().info("{} failed; attempt {} not before {}", e.runId(), e.nextAttempt(),
                    e.notBefore());
        } else if (only instanceof RunAbandoned e) {
            context.getLog().info("{} failed on attempt {}: given up", e.runId(), e.attempts());
        } else if (succeeded + retrying + abandoned > 1) {
            context.getLog().info("{} outcome(s): {} succeeded, {} failed and to be retried, {} given up",
                    succeeded + retrying + abandoned, succeeded, retrying, abandoned);
        }
    }

    /** A run ended: decide again (it freed what it held), or, while draining, see whether the drain is done. */
    private void afterRunEnded(SupervisorState state) {
        if (draining) {
            drained(state);
        } else {
            wakeNow();
        }
    }

    /** The follow-up runs the task's branches ask for, given how its run ended. */
    private List<SupervisorEvent> branches(TaskCatalog catalog, RunningRecord run, boolean succeeded, String result,
                                           Instant now, long firstSequenceNr) {
        List<SupervisorEvent> queued = new ArrayList<>();
        List<Branch> branches = catalog.get(run.task()).map(TaskSpec::branches).orElse(List.of());
        for (Branch branch : branches) {
            if (branch.matches(succeeded, result)) {
                queued.add(new RunQueued("req-" + (firstSequenceNr + queued.size()), branch.task(), branch.parameters(),
                        run.task() + " " + run.runId(), now));
            }
        }
        return queued;
    }
}
