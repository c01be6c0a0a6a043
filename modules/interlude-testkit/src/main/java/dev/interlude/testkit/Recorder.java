package dev.interlude.testkit;

import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.plan.Blocked;
import dev.interlude.core.plan.Plan;
import dev.interlude.core.plan.Start;
import dev.interlude.engine.status.StatusFeed;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * Watches the supervisor of a simulation (on its thread, through the status feed's observer): records why due tasks
 * waited, and stands in for the operator on call by approving what asks for approval.
 */
final class Recorder implements StatusFeed.Observer {

    /** Reasons that only say a task has nothing to do now; they are not "waiting". */
    private static final Set<BlockReason> IDLE = EnumSet.of(BlockReason.DISABLED, BlockReason.WRONG_PHASE,
            BlockReason.NOT_DUE);

    /** A due task started waiting for {@code reason} at {@code at}. */
    record Episode(Instant at, String task, BlockReason reason) {
    }

    private final SimulationSettings settings;
    private final List<Episode> episodes = new ArrayList<>();
    private final Map<String, BlockReason> waiting = new HashMap<>();
    private volatile ActorRef<Supervisor.Command> supervisor;
    private volatile ActorRef<StatusReply<Done>> ignore;

    Recorder(SimulationSettings settings) {
        this.settings = settings;
    }

    void supervisor(ActorRef<Supervisor.Command> supervisor) {
        this.supervisor = supervisor;
    }

    @SuppressWarnings("unchecked")
    void ignoreReplies(ActorRef<?> ignoreRef) {
        this.ignore = (ActorRef<StatusReply<Done>>) ignoreRef;
    }

    /** The node crashed: what the old supervisor saw waiting is forgotten, as the new one plans afresh. */
    void crashed() {
        waiting.clear();
    }

    List<Episode> episodes() {
        return List.copyOf(episodes);
    }

    @Override
    public void planned(Plan plan) {
        for (Start start : plan.starts()) {
            waiting.remove(start.taskName());
        }
        for (Blocked blocked : plan.blocked()) {
            BlockReason before = waiting.put(blocked.taskName(), blocked.reason());
            if (before != blocked.reason() && !IDLE.contains(blocked.reason())) {
                episodes.add(new Episode(plan.at(), blocked.taskName(), blocked.reason()));
            }
        }
    }

    @Override
    public void persisted(SupervisorEvent event, long sequenceNr) {
        if (event instanceof SupervisorEvent.ApprovalRequested request && settings.approves(request.task())
                && supervisor != null) {
            supervisor.tell(new Supervisor.Approve(request.task(), "simulation", ignore));
        }
    }
}
