package dev.interlude.engine.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.engine.SettableClock;
import dev.interlude.engine.journal.Journal;
import dev.interlude.engine.journal.JournalSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes to the catalog survive the node: journaled (and snapshotted) on the embedded H2 journal by one
 * ActorSystem, they are in force in the next one on the same database, before anything is planned.
 */
class CatalogChangesJournalTest {

    private static final Instant EVENING = Instant.parse("2026-11-19T01:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path directory;

    @Test
    void a_defined_task_and_a_disabled_one_are_in_force_after_a_restart() throws Exception {
        PersistenceId id = PersistenceId.ofUniqueId("catalog-" + java.util.UUID.randomUUID());
        SettableClock clock = new SettableClock(EVENING);
        Config config = Journal.config(JournalSettings.h2(directory.resolve("journal")))
                .withFallback(ManualTime.config()).withFallback(ConfigFactory.load());
        // a snapshot after every second event: the second life recovers from a snapshot holding the changes
        SupervisorSettings settings = new SupervisorSettings(Duration.ofSeconds(30), 2, 2);

        ActorTestKit first = ActorTestKit.create("catalog-first", config);
        try {
            Journal.createSchema(first.system()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            TestProbe<RunOrder> launched = first.createTestProbe();
            TestProbe<StatusReply<Done>> reply = first.createTestProbe();
            ActorRef<Supervisor.Command> supervisor = first.spawn(Supervisor.create(setup(id, clock, settings,
                    launched)));
            supervisor.tell(new Supervisor.SetTaskEnabled("backup", false, "bob", reply.ref()));
            assertTrue(reply.receiveMessage(WAIT).isSuccess());
            supervisor.tell(new Supervisor.DefineTask("archive", SupervisorCatalogChangesTest.ARCHIVE, "alice",
                    reply.ref()));
            assertTrue(reply.receiveMessage(WAIT).isSuccess());
        } finally {
            first.shutdownTestKit(); // nothing survives but the database; nothing was started
        }

        ActorTestKit second = ActorTestKit.create("catalog-second", config);
        try {
            TestProbe<RunOrder> launched = second.createTestProbe();
            ActorRef<Supervisor.Command> supervisor = second.spawn(Supervisor.create(setup(id, clock, settings,
                    launched)));
            TestProbe<SupervisorState> state = second.createTestProbe();
            supervisor.tell(new Supervisor.GetState(state.ref()));
            CatalogChanges recovered = state.receiveMessage(WAIT).catalogChanges();
            assertEquals("alice", recovered.definitions().get("archive").by());
            assertFalse(recovered.enabled().get("backup").enabled());

            ManualTime time = ManualTime.get(second.system());
            time.timePasses(Duration.ofMillis(1)); // the wake-up after recovery
            assertEquals("archive", launched.receiveMessage(WAIT).task().name());
            time.expectNoMessageFor(Duration.ofSeconds(30), launched); // a safety tick: the disabled backup waits
        } finally {
            second.shutdownTestKit();
        }
    }

    private static Supervisor.Setup setup(PersistenceId id, SettableClock clock, SupervisorSettings settings,
                                          TestProbe<RunOrder> launched) {
        return SupervisorCatalogChangesTest.setup(id, clock, settings,
                SupervisorCatalogChangesTest.launcher(launched.ref()::tell));
    }
}
