package dev.interlude.http;

import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorState;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** The running node, as the routes see it: asks to the supervisor (the cluster singleton's proxy) and the hub. */
public final class LiveNode implements NodeApi {

    private static final Duration ASK = Duration.ofSeconds(10);

    private final ActorRef<Supervisor.Command> supervisor;
    private final ActorRef<StatusHub.Command> hub;
    private final JournalEvents journal;
    private final Scheduler scheduler;
    private final TaskCatalog catalog;
    private final TradingWindows windows;
    private final PlannerConfig planner;
    private final InstantSource clock;
    private final HandlerRegistry handlers;
    private final Monitoring monitoring;
    private final Supplier<String> memberStatus;

    /** A node on which no Java handler can be named by a task defined over the API. */
    public LiveNode(ActorRef<Supervisor.Command> supervisor, ActorRef<StatusHub.Command> hub, JournalEvents journal,
                    Scheduler scheduler, TaskCatalog catalog, TradingWindows windows, PlannerConfig planner,
                    InstantSource clock, HandlerRegistry handlers, Monitoring monitoring,
                    Supplier<String> memberStatus) {
        this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.monitoring = Objects.requireNonNull(monitoring, "monitoring");
        this.memberStatus = Objects.requireNonNull(memberStatus, "memberStatus");
    }

    @Override
    public CompletionStage<SupervisorState> state() {
        return AskPattern.ask(supervisor, Supervisor.GetState::new, ASK, scheduler);
    }

    @Override
    public CompletionStage<Done> stop(String by, String reason, boolean cancelRunning) {
        return AskPattern.askWithStatus(supervisor, r -> new Supervisor.Stop(by, reason, cancelRunning, r), ASK,
                scheduler);
    }

    @Override
    public CompletionStage<Done> resume(String by) {
        return AskPattern.askWithStatus(supervisor, r -> new Supervisor.Resume(by, r), ASK, scheduler);
    }

    @Override
    public CompletionStage<Done> approve(String task, String by) {
        return AskPattern.askWithStatus(supervisor, r -> new Supervisor.Approve(task, by, r), ASK, scheduler);
    }

    @Override
    public CompletionStage<Done> deny(String task, String by) {
        return AskPattern.askWithStatus(supervisor, r -> new Supervisor.Deny(task, by, r), ASK, scheduler);
    }

    @Override
    public CompletionStage<String> requestRun(String task, Map<String, String> parameters, String by) {
        return AskPattern.askWithStatus(supervisor, r -> new Supervisor.RequestRun(task, parameters, by, r), ASK,
                scheduler);
    }

    @Override
    public CompletionStage<Done> defineTask(String task, String definition, String by) {
        return AskPattern.askWithStatus(supervisor, r -> new Supervisor.DefineTask(task, definition, by, r), ASK,
                scheduler);
    }

    @Override
    public CompletionStage<Done> removeTask(String task, String by) {
        return AskPattern.askWithStatus(supervisor, r -> new Supervisor.RemoveTask(task, by, r), ASK, scheduler);
    }

    @Override
    public CompletionStage<Done> setTaskEnabled(String task, boolean enabled, String by) {
        return AskPattern.askWithStatus(supervisor, r -> new Supervisor.SetTaskEnabled(task, enabled, by, r), ASK,
                scheduler);
    }

    @Override
    public JournalEvents journal() {
        return journal;
    }

    @Override
    public ActorRef<StatusHub.Command> statusHub() {
        return hub;
    }

    @Override
    public TaskCatalog catalog() {
        return catalog;
    }

    @Override
    public HandlerRegistry handlers() {
        return handlers;
    }

    @Override
    public TradingWindows windows() {
        return windows;
    }

    @Override
    public PlannerConfig planner() {
        return planner;
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public Monitoring monitoring() {
        return monitoring;
    }

    @Override
    public String memberStatus() {
        return memberStatus.get();
    }
}
