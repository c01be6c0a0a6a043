package dev.interlude.bench;

import com.typesafe.config.ConfigFactory;
import dev.interlude.core.plan.Start;
import dev.interlude.core.task.Trigger;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.handler.TaskResult;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.engine.supervisor.SupervisorSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * (d) A fresh supervisor recovering a long journal on PostgreSQL. The journal is written straight into
 * pekko-persistence-jdbc's tables, in its format, with Pekko's serialization of the real events (a queued, started
 * and succeeded run, three events a run, 100 ms apart, ending now), far faster than running that many runs. Then:
 * <ol>
 *   <li>a node starts on it with no snapshot (a journal whose snapshots are gone, or the first start of a node after
 *       an upgrade that cannot read them): every event is replayed;</li>
 *   <li>that supervisor journals one more event, the one that brings the journal to a multiple of
 *       {@code interlude.supervisor.snapshot-every}, so it saves a snapshot as it does in service;</li>
 *   <li>a second node starts on it: the newest snapshot, then the events after it (none here; at most
 *       snapshot-every - 1 in service).</li>
 * </ol>
 * Recovery is timed from the supervisor's reference being handed out (the cluster of one has formed) to its first
 * answer to {@code GetState}; from the actor system's creation is reported too.
 */
final class Recovery {

    /** The journal is written to end at the wall clock's now: a node recovering it runs on the same clock. */
    private static final InstantSource CLOCK = InstantSource.system();

    private static final String TASK = "noop";
    private static final int INSERT_BATCH = 5_000;
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    private Recovery() {
    }

    static void run(Bench.Options options, Report report) throws Exception {
        int events = options.quick() ? 20_000 : 1_000_000;
        Duration limit = options.quick() ? Duration.ofSeconds(90) : Duration.ofMinutes(5);
        Optional<String> down = options.postgres().unavailable();
        if (down.isPresent()) {
            report.note("skipped: " + down.get());
            return;
        }
        String schema = "interlude_bench_recovery";
        Postgres postgres = options.postgres();
        postgres.freshJournalSchema(schema);
        int snapshotEvery = SupervisorSettings.create(ConfigFactory.load()).snapshotEvery();
        // One event short of a multiple of snapshot-every: the next one the supervisor journals saves a snapshot.
        long written = (events / snapshotEvery) * (long) snapshotEvery - 1;
        long writing = System.nanoTime();
        write(postgres, schema, written);
        double writeSeconds = (System.nanoTime() - writing) / 1e9;
        report.metric("events in the journal", written, "");
        report.metric("written (JDBC batches)", written / writeSeconds, "events/s");

        HandlerRegistry registry = HandlerRegistry.empty()
                .register(TASK, context -> CompletableFuture.completedFuture(TaskResult.success("ok")));
        BenchNode.Pg store = new BenchNode.Pg(postgres, schema);
        BenchNode first;
        try {
            first = BenchNode.start(store, BenchNode.catalog(BenchNode.task(TASK, new Trigger.Manual(), TASK).build()),
                    registry, ConfigFactory.empty(), limit);
        } catch (TimeoutException e) {
            report.metric("recovery, no snapshot (all events replayed)", "over " + limit.toSeconds() + " s", "");
            report.note("the supervisor had not recovered after " + limit.toSeconds() + " s: no snapshot to measure");
            return;
        }
        try (BenchNode node = first) {
            report.metric("recovery, no snapshot (all events replayed)", node.recovery.toMillis(), "ms");
            report.metric("node start to first answer, no snapshot", node.startup.toMillis(), "ms");
            report.metric("completions in the recovered state", node.recoveredState.completions().size(), "");
            node.stopDispatch();
            awaitSnapshot(postgres, schema, written + 1, Duration.ofSeconds(60));
        }
        long[] snapshot = newestSnapshot(postgres, schema);
        report.metric("newest snapshot at sequence number", snapshot[0], "");
        report.metric("newest snapshot's size", snapshot[1] >> 10, "KiB");
        try (BenchNode node = BenchNode.start(store, BenchNode.catalog(
                BenchNode.task(TASK, new Trigger.Manual(), TASK).build()), registry, ConfigFactory.empty(), limit)) {
            report.metric("recovery from the newest snapshot", node.recovery.toMillis(), "ms", "<= 5,000 ms");
            report.metric("node start to first answer, from the snapshot", node.startup.toMillis(), "ms");
            report.metric("events replayed after the snapshot", written + 1 - snapshot[0], "",
                    "< snapshot-every (" + snapshotEvery + ")");
        }
        report.note("target: <= 5 s from 1,000,000 events; the journal holds " + written / 3
                + " runs of one task (queued, started, succeeded), 100 ms apart");
    }

    /** Writes {@code count} events of the supervisor's journal: runs queued, started and succeeded, ending now. */
    private static void write(Postgres postgres, String schema, long count) throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench-journal-writer", ConfigFactory.load());
        try (Connection c = postgres.connect(postgres.urlWithSchema(schema) + "&reWriteBatchedInserts=true")) {
            c.setAutoCommit(false);
            Serialization serialization = SerializationExtension.get(system.classicSystem());
            String writer = UUID.randomUUID().toString();
            String persistenceId = Supervisor.PERSISTENCE_ID.id();
            Instant first = CLOCK.instant().minusMillis(100 * count);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO event_journal (persistence_id, "
                    + "sequence_number, deleted, writer, write_timestamp, adapter_manifest, event_ser_id, "
                    + "event_ser_manifest, event_payload) VALUES (?, ?, false, ?, ?, '', ?, ?, ?)")) {
                for (long seq = 1; seq <= count; seq++) {
                    Instant at = first.plusMillis(100 * seq);
                    SupervisorEvent event = event(seq, at);
                    Serializer serializer = serialization.findSerializerFor(event);
                    insert.setString(1, persistenceId);
                    insert.setLong(2, seq);
                    insert.setString(3, writer);
                    insert.setLong(4, at.toEpochMilli());
                    insert.setInt(5, serializer.identifier());
                    insert.setString(6, Serializers.manifestFor(serializer, event));
                    insert.setBytes(7, serializer.toBinary(event));
                    insert.addBatch();
                    if (seq % INSERT_BATCH == 0 || seq == count) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** The event at {@code seq}: runs of three events, numbered as the supervisor numbers them. */
    private static SupervisorEvent event(long seq, Instant at) {
        long queuedAt = seq - (seq - 1) % 3;
        String requestId = "req-" + queuedAt;
        return switch ((int) ((seq - 1) % 3)) {
            case 0 -> new SupervisorEvent.RunQueued(requestId, TASK, Map.of(), "bench", at);
            case 1 -> new SupervisorEvent.RunStarted(runId(queuedAt, at), TASK, 1, Start.Cause.REQUEST,
                    Optional.of(requestId), Map.of(), "general", 0, Duration.ofSeconds(1), at);
            default -> new SupervisorEvent.RunSucceeded(runId(queuedAt, at.minusMillis(100)), TASK, 1, "ok", at);
        };
    }

    private static String runId(long queuedAt, Instant startedAt) {
        return TASK + "-" + RUN_ID_TIME.format(startedAt) + "-" + (queuedAt + 1);
    }

    /**
     * Waits until a snapshot at or after {@code sequenceNr} is stored: the supervisor saves it after the event is
     * journaled and tells no one but itself, so the table is asked every 50 ms (as a probe's awaitAssert would).
     */
    private static void awaitSnapshot(Postgres postgres, String schema, long sequenceNr, Duration timeout)
            throws Exception {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> stored = new CompletableFuture<>();
        try {
            poller.scheduleWithFixedDelay(() -> {
                try {
                    if (newestSnapshot(postgres, schema)[0] >= sequenceNr) {
                        stored.complete(null);
                    }
                } catch (SQLException e) {
                    stored.completeExceptionally(e);
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            stored.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no snapshot at " + sequenceNr + " after " + timeout.toSeconds() + " s");
        } finally {
            poller.shutdownNow();
        }
    }

    /** The newest snapshot's sequence number and size in bytes ({0, 0} when there is none). */
    private static long[] newestSnapshot(Postgres postgres, String schema) throws SQLException {
        try (Connection c = postgres.connect(postgres.urlWithSchema(schema)); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT sequence_number, length(snapshot_payload) FROM snapshot "
                     + "ORDER BY sequence_number DESC LIMIT 1")) {
            return r.next() ? new long[] {r.getLong(1), r.getLong(2)} : new long[] {0, 0};
        }
    }
}
