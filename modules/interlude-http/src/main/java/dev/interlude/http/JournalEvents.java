package dev.interlude.http;

import dev.interlude.engine.supervisor.SupervisorEvent;
import java.util.Objects;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.ReadJournal;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The supervisor's journal, read back with Pekko persistence query: the record the run history, the metrics and a
 * reconnecting status-feed client are rebuilt from. On a node it is the JDBC read journal
 * ({@link dev.interlude.engine.journal.Journal#READ_JOURNAL_PLUGIN}); tests use the persistence testkit's.
 */
public final class JournalEvents {

    /** One journaled event with its sequence number in the supervisor's journal. */
    public record Journaled(long sequenceNr, SupervisorEvent event) {
    }

    private final ReadJournal journal;
    private final String persistenceId;

    private JournalEvents(ReadJournal journal, String persistenceId) {
        this.journal = journal;
        this.persistenceId = persistenceId;
    }

    /** The journal of {@code persistenceId}, through the read journal plugin {@code readJournalPluginId}. */
    public static JournalEvents of(ActorSystem<?> system, String readJournalPluginId, PersistenceId persistenceId) {
        Objects.requireNonNull(readJournalPluginId, "readJournalPluginId");
        return new JournalEvents(PersistenceQuery.get(system).getReadJournalFor(ReadJournal.class,
                readJournalPluginId), persistenceId.id());
    }

    /** Every event from sequence number {@code from} (inclusive) that is in the journal now; then the stream ends. */
    public Source<Journaled, NotUsed> current(long from) {
        if (!(journal instanceof CurrentEventsByPersistenceIdQuery query)) {
            throw new IllegalStateException(journal.getClass().getName() + " cannot read current events");
        }
        return query.currentEventsByPersistenceId(persistenceId, Math.max(0, from), Long.MAX_VALUE)
                .map(e -> new Journaled(e.sequenceNr(), (SupervisorEvent) e.event()));
    }

    /** Every event from sequence number {@code from} (inclusive), then each new one as it is journaled. */
    public Source<Journaled, NotUsed> live(long from) {
        if (!(journal instanceof EventsByPersistenceIdQuery query)) {
            throw new IllegalStateException(journal.getClass().getName() + " cannot follow events");
        }
        return query.eventsByPersistenceId(persistenceId, Math.max(0, from), Long.MAX_VALUE)
                .map(e -> new Journaled(e.sequenceNr(), (SupervisorEvent) e.event()));
    }
}
