package dev.interlude.engine.supervisor;

import static dev.interlude.core.task.TaskSpecBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.Branch;
import dev.interlude.core.task.Risk;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.task.Trigger;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.SettableClock;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalDenied;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalGranted;
import dev.interlude.engine.supervisor.SupervisorEvent.ApprovalRequested;
import dev.interlude.engine.supervisor.SupervisorEvent.DispatchStopped;
import dev.interlude.engine.supervisor.SupervisorEvent.RetryScheduled;
import dev.interlude.engine.supervisor.SupervisorEvent.RunAbandoned;
import dev.interlude.engine.supervisor.SupervisorEvent.RunFailed;
import dev.interlude.engine.supervisor.SupervisorEvent.RunInterrupted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunQueued;
import dev.interlude.engine.supervisor.SupervisorEvent.RunStarted;
import dev.interlude.engine.supervisor.SupervisorEvent.RunSucceeded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's command, event and state contract (every message and event also round-trips through CBOR). */
class SupervisorTest {

    /** Wednesday 2026-11-18, 20:00 in New York: an overnight research window. */
    private static final Instant EVENING = Instant.parse("2026-11-19T01:00:00Z");

    private static ActorTestKit testKit;

    private final SettableClock clock = new SettableClock(EVENING);
    private final List<RunOrder> launched = new CopyOnWriteArrayList<>();
    private final List<String> cancelled = new CopyOnWriteArrayList<>();
    private EventSourcedBehaviorTestKit<Supervisor.Command, SupervisorEvent, SupervisorState> kit;
    private PersistenceId persistenceId;

    @BeforeAll
    static void start() {
        Config config = EventSourcedBehaviorTestKit.config()
                .withFallback(ManualTime.config())
                .withFallback(ConfigFactory.load());
        testKit = ActorTestKit.create("supervisor-test", config);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void newSupervisor() {
        kit = supervisor(new SupervisorSettings(Duration.ofSeconds(30), 100, 2));
    }

    private EventSourcedBehaviorTestKit<Supervisor.Command, SupervisorEvent, SupervisorState> supervisor(
            SupervisorSettings settings) {
        persistenceId = PersistenceId.ofUniqueId("supervisor-" + UUID.randomUUID());
        TaskCatalog catalog = new TaskCatalog(List.of(
                task("backup_databases").phases(Phase.OVERNIGHT, Phase.WEEKEND, Phase.HOLIDAY)
                        .trigger(new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW))
                        .branch(new Branch(Branch.Condition.FAILURE, Optional.empty(), "send_alerts",
                                Map.of("reason", "backup failed")))
                        .build(),
                task("validate_candidates").phases(Phase.OVERNIGHT)
                        .trigger(new Trigger.EveryWindow(Trigger.EveryWindow.Scope.WINDOW))
                        .risk(Risk.HIGH).confidence(0.5).build(),
                task("send_alerts").trigger(new Trigger.Manual()).maxConcurrentRuns(4).build()));
        Config planner = ConfigFactory.parseString("interlude.planner.memory { source = fixed, fixed-mb = 8192 }")
                .withFallback(ConfigFactory.defaultReference()).resolve();
        Supervisor.Setup setup = new Supervisor.Setup(persistenceId,
                catalog,
                new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT), PlannerConfig.load(planner), clock,
                settings,
                context -> new RecordingLauncher(launched, cancelled));
        EventSourcedBehaviorTestKit<Supervisor.Command, SupervisorEvent, SupervisorState> created =
                EventSourcedBehaviorTestKit.create(testKit.system(), Supervisor.create(setup));
        created.clear();
        return created;
    }

    private List<RunStarted> startedBy(EventSourcedBehaviorTestKit.CommandResult<?, SupervisorEvent, ?> result) {
        return result.events().stream().filter(RunStarted.class::isInstance).map(RunStarted.class::cast)
                .collect(Collectors.toList());
    }

    private RunStarted startBackup() {
        List<RunStarted> started = startedBy(kit.runCommand(Supervisor.Tick.INSTANCE));
        return started.stream().filter(s -> s.task().equals("backup_databases")).findFirst().orElseThrow();
    }

    @Test
    void a_tick_in_a_research_window_journals_the_start_then_launches_the_run() {
        RunStarted started = startBackup();
        assertEquals(1, started.attempt());
        assertTrue(started.runId().startsWith("backup_databases-20261119T010000-"), started.runId());
        assertEquals(List.of(started.runId()), launched.stream().map(RunOrder::runId).collect(Collectors.toList()));
        assertEquals(EVENING, launched.get(0).scheduledAt());
        assertTrue(kit.getState().running().containsKey(started.runId()));
    }

    @Test
    void a_task_requiring_approval_asks_once_and_runs_once_approved() {
        var first = kit.runCommand(Supervisor.Tick.INSTANCE);
        assertTrue(first.events().stream().anyMatch(e -> e instanceof ApprovalRequested a
                && a.task().equals("validate_candidates")));
        assertTrue(kit.runCommand(Supervisor.Tick.INSTANCE).events().isEmpty(), "asks only once");

        var approved = kit.<StatusReply<Done>>runCommand(r -> new Supervisor.Approve("validate_candidates", "ops", r));
        assertTrue(approved.reply().isSuccess());
        ApprovalGranted granted = (ApprovalGranted) approved.event();
        assertEquals(Instant.parse("2026-11-19T13:00:00Z"), granted.expiresAt(), "until the window's end, 08:00");
        assertTrue(startedBy(kit.runCommand(Supervisor.Tick.INSTANCE)).stream()
                .anyMatch(s -> s.task().equals("validate_candidates")));
    }

    @Test
    void a_denied_task_never_runs_and_is_not_asked_for_again() {
        kit.runCommand(Supervisor.Tick.INSTANCE);
        var denied = kit.<StatusReply<Done>>runCommand(r -> new Supervisor.Deny("validate_candidates", "ops", r));
        assertInstanceOf(ApprovalDenied.class, denied.event());
        var later = kit.runCommand(Supervisor.Tick.INSTANCE);
        assertTrue(later.events().isEmpty(), later.events().toString());
        assertFalse(launched.stream().anyMatch(o -> o.task().name().equals("validate_candidates")));
    }

    @Test
    void a_requested_run_is_queued_then_started_with_its_parameters() {
        var reply = kit.<StatusReply<String>>runCommand(
                r -> new Supervisor.RequestRun("send_alerts", Map.of("reason", "test"), "operator", r));
        String requestId = reply.reply().getValue();
        assertEquals(new RunQueued(requestId, "send_alerts", Map.of("reason", "test"), "operator", EVENING),
                reply.event());
        RunStarted started = startedBy(kit.runCommand(Supervisor.Tick.INSTANCE)).stream()
                .filter(s -> s.task().equals("send_alerts")).findFirst().orElseThrow();
        assertEquals(Optional.of(requestId), started.requestId());
        assertEquals(Map.of("reason", "test"), started.parameters());
        assertTrue(kit.getState().requests().isEmpty());
    }

    @Test
    void a_request_for_an_unknown_task_is_refused_without_an_event() {
        var reply = kit.<StatusReply<String>>runCommand(
                r -> new Supervisor.RequestRun("reconcile", Map.of(), "operator", r));
        assertTrue(reply.reply().isError());
        assertEquals("unknown task \"reconcile\"", reply.reply().getError().getMessage());
        assertTrue(reply.hasNoEvents());
    }

    @Test
    void success_is_journaled_and_frees_the_run() {
        RunStarted started = startBackup();
        clock.advance(Duration.ofMinutes(12));
        var result = kit.runCommand(new Supervisor.RunFinished(started.runId(), 1, "ok"));
        assertEquals(new RunSucceeded(started.runId(), "backup_databases", 1, "ok", EVENING.plus(Duration.ofMinutes(12))),
                result.events().get(0));
        assertFalse(kit.getState().running().containsKey(started.runId()));
        assertEquals(Duration.ofMinutes(12), kit.getState().durations().get("backup_databases").average());
    }

    @Test
    void a_failed_attempt_with_a_retry_keeps_the_run_and_the_last_failure_abandons_it_and_takes_the_branch() {
        RunStarted started = startBackup();
        Instant retryAt = EVENING.plusSeconds(30);
        var retrying = kit.runCommand(new Supervisor.AttemptFailed(started.runId(), 1, "exit 1", Optional.of(retryAt)));
        assertEquals(List.of(new RunFailed(started.runId(), "backup_databases", 1, "exit 1", EVENING),
                new RetryScheduled(started.runId(), "backup_databases", 2, retryAt, EVENING)), retrying.events());
        assertTrue(kit.getState().running().containsKey(started.runId()));

        var abandoned = kit.runCommand(new Supervisor.AttemptFailed(started.runId(), 3, "exit 1", Optional.empty()));
        assertInstanceOf(RunAbandoned.class, abandoned.events().get(1));
        RunQueued branch = (RunQueued) abandoned.events().get(2);
        assertEquals("send_alerts", branch.task());
        assertEquals(Map.of("reason", "backup failed"), branch.parameters());
        assertFalse(kit.getState().running().containsKey(started.runId()));
    }

    @Test
    void a_report_for_a_run_not_in_flight_changes_nothing() {
        assertTrue(kit.runCommand(new Supervisor.RunFinished("nobody", 1, "ok")).hasNoEvents());
    }

    @Test
    void a_report_sent_again_is_recorded_once_and_a_batch_is_journaled_together_then_acknowledged() {
        RunStarted started = startBackup();
        Instant retryAt = EVENING.plusSeconds(30);
        Supervisor.AttemptFailed failed = new Supervisor.AttemptFailed(started.runId(), 1, "exit 1",
                Optional.of(retryAt));
        Supervisor.RunFinished finished = new Supervisor.RunFinished(started.runId(), 2, "ok");
        TestProbe<RunReports.Command> outbox = testKit.createTestProbe();

        // the outbox sends a batch again after a recovery: the failure of attempt 1 twice, then the success
        var batch = kit.runCommand(new Supervisor.ReportsGathered(7, List.of(failed, failed, finished), false,
                outbox.getRef()));
        assertEquals(List.of(RunFailed.class, RetryScheduled.class, RunSucceeded.class),
                batch.events().stream().map(Object::getClass).collect(Collectors.toList()));
        assertEquals(new RunReports.Journaled(7), outbox.receiveMessage());
        assertTrue(kit.runCommand(failed).hasNoEvents(), "an older attempt's report adds nothing");
        assertTrue(kit.runCommand(finished).hasNoEvents(), "a run already ended adds nothing");
    }

        @Test
    void nothing_starts_while_stopped_and_stopping_can_cancel_runs_in_flight() {
        RunStarted started = startBackup();
        var stop = kit.<StatusReply<Done>>runCommand(r -> new Supervisor.Stop("ops", "bad feed", true, r));
        assertInstanceOf(DispatchStopped.class, stop.event());
        assertEquals(List.of(started.runId()), cancelled);

        var request = kit.<StatusReply<String>>runCommand(r -> new Supervisor.RequestRun("send_alerts", Map.of(), "ops", r));
        assertTrue(request.reply().isSuccess(), "requests are still accepted");
        assertTrue(startedBy(kit.runCommand(Supervisor.Tick.INSTANCE)).isEmpty());

        kit.<StatusReply<Done>>runCommand(r -> new Supervisor.Resume("ops", r));
        assertTrue(startedBy(kit.runCommand(Supervisor.Tick.INSTANCE)).stream()
                .anyMatch(s -> s.task().equals("send_alerts")));
    }

    @Test
    void after_a_restart_a_run_that_was_in_flight_is_interrupted_and_retried_with_the_same_id() {
        RunStarted started = startBackup();
        launched.clear();
        clock.advance(Duration.ofMinutes(5));
        kit.restart();
        kit.runCommand(Supervisor.Tick.INSTANCE);
        SupervisorState state = kit.<SupervisorState>runCommand(Supervisor.GetState::new).reply();
        assertTrue(state.running().containsKey(started.runId()), "retried already: " + state);
        assertEquals(2, state.running().get(started.runId()).attempt());
        assertEquals(List.of(started.runId()), launched.stream().map(RunOrder::runId).collect(Collectors.toList()));
        assertEquals(2, launched.get(0).attempt());
        List<SupervisorEvent> journal = kit.persistenceTestKit().persistedInStorage(persistenceId.id())
                .stream().map(SupervisorEvent.class::cast).collect(Collectors.toList());
        assertTrue(journal.contains(new RunInterrupted(started.runId(), "backup_databases", 1,
                EVENING.plus(Duration.ofMinutes(5)))), journal.toString());
    }

    @Test
    void the_stop_file_stops_dispatch_while_it_exists_and_its_removal_resumes(@TempDir Path dir) throws IOException {
        Path stopFile = dir.resolve("STOP");
        kit = supervisor(new SupervisorSettings(Duration.ofSeconds(30), 100, 2, Optional.of(stopFile)));
        Files.createFile(stopFile);
        DispatchStopped stopped = (DispatchStopped) kit.runCommand(Supervisor.Tick.INSTANCE).event();
        assertEquals(Supervisor.STOP_FILE_BY, stopped.by());
        assertTrue(startedBy(kit.runCommand(Supervisor.Tick.INSTANCE)).isEmpty());

        Files.delete(stopFile);
        assertInstanceOf(SupervisorEvent.DispatchResumed.class, kit.runCommand(Supervisor.Tick.INSTANCE).event());
        assertFalse(startedBy(kit.runCommand(Supervisor.Tick.INSTANCE)).isEmpty());
    }

    @Test
    void removing_the_stop_file_does_not_lift_an_operators_stop(@TempDir Path dir) {
        Path stopFile = dir.resolve("STOP");
        kit = supervisor(new SupervisorSettings(Duration.ofSeconds(30), 100, 2, Optional.of(stopFile)));
        kit.<StatusReply<Done>>runCommand(r -> new Supervisor.Stop("ops", "holiday freeze", false, r));
        assertTrue(kit.runCommand(Supervisor.Tick.INSTANCE).hasNoEvents());
        assertTrue(kit.getState().stopped());
    }

    @Test
    void draining_starts_nothing_new_and_answers_when_the_last_run_ends() {
        RunStarted started = startBackup();
        TestProbe<Done> drained = testKit.createTestProbe();
        kit.runCommand(new Supervisor.Drain(Duration.ofSeconds(30), drained.getRef()));
        drained.expectNoMessage(Duration.ofMillis(50));
        kit.<StatusReply<String>>runCommand(r -> new Supervisor.RequestRun("send_alerts", Map.of(), "ops", r));
        assertTrue(startedBy(kit.runCommand(Supervisor.Tick.INSTANCE)).isEmpty(), "nothing new while draining");

        kit.runCommand(new Supervisor.RunFinished(started.runId(), 1, "ok"));
        drained.expectMessage(Done.getInstance());
    }

    @Test
    void a_drain_that_times_out_records_the_runs_left_as_interrupted_and_cancels_them() {
        RunStarted started = startBackup();
        TestProbe<Done> drained = testKit.createTestProbe();
        kit.runCommand(new Supervisor.Drain(Duration.ofSeconds(30), drained.getRef()));
        ManualTime.get(testKit.system()).timePasses(Duration.ofSeconds(30));
        drained.expectMessage(Done.getInstance());
        assertEquals(List.of(started.runId()), cancelled);
        SupervisorState state = kit.getState();
        assertTrue(state.running().isEmpty());
        assertEquals(2, state.retries().get(started.runId()).nextAttempt(), "retried with its id when a node runs again");
    }

    @Test
    void draining_with_nothing_in_flight_answers_at_once() {
        TestProbe<Done> drained = testKit.createTestProbe();
        kit.runCommand(new Supervisor.Drain(Duration.ofSeconds(30), drained.getRef()));
        drained.expectMessage(Done.getInstance());
    }
}
