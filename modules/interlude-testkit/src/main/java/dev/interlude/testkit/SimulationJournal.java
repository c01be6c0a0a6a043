package dev.interlude.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The journal of a simulation: in memory, append-only, one list per persistence id, kept by the simulation's
 * {@link VirtualTime} so it outlives a crashed supervisor and the simulation can read it back at the end. Pekko's
 * testkit journal re-sorts its whole store on every write, which makes a month of simulated decisions quadratic;
 * appending keeps a year linear. Events are kept as objects (a simulation sends nothing over the wire).
 */
public final class SimulationJournal extends AsyncWriteJournal {

    /** The plugin's configuration path. */
    static final String PLUGIN_ID = "interlude.testkit.journal";

    private final Store store;

    public SimulationJournal() {
        this.store = VirtualTime.lookup(context().system().settings().config().getString(VirtualTime.CONFIG_KEY))
                .journal();
    }

    @Override
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        List<Optional<Exception>> results = new ArrayList<>();
        for (AtomicWrite write : messages) {
            List<PersistentRepr> events = store.events(write.persistenceId());
            events.addAll(CollectionConverters.asJava(write.payload()));
            results.add(Optional.empty());
        }
        return Futures.successful(results);
    }

    @Override
    public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
        List<PersistentRepr> events = store.events(persistenceId);
        events.removeIf(e -> e.sequenceNr() <= toSequenceNr);
        return Futures.successful(null);
    }

    @Override
    public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
                                              Consumer<PersistentRepr> replayCallback) {
        long replayed = 0;
        for (PersistentRepr event : store.events(persistenceId)) {
            if (replayed >= max) {
                break;
            }
            if (event.sequenceNr() >= fromSequenceNr && event.sequenceNr() <= toSequenceNr) {
                replayCallback.accept(event);
                replayed++;
            }
        }
        return Futures.successful(null);
    }

    @Override
    public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
        List<PersistentRepr> events = store.events(persistenceId);
        long highest = events.isEmpty() ? 0 : events.get(events.size() - 1).sequenceNr();
        return Futures.successful(Math.max(highest, store.highest(persistenceId)));
    }

    /** What the journal holds, by persistence id; lives as long as the simulation's virtual time. */
    static final class Store {
        private final Map<String, List<PersistentRepr>> events = new ConcurrentHashMap<>();
        private final Map<String, Long> highest = new ConcurrentHashMap<>();

        List<PersistentRepr> events(String persistenceId) {
            return events.computeIfAbsent(persistenceId, id -> new ArrayList<>());
        }

        /** The highest sequence number ever written (it survives a deletion, as a journal's must). */
        long highest(String persistenceId) {
            List<PersistentRepr> list = events.getOrDefault(persistenceId, List.of());
            long now = list.isEmpty() ? 0 : list.get(list.size() - 1).sequenceNr();
            return highest.merge(persistenceId, now, Math::max);
        }

        /** The payloads journaled for {@code persistenceId}, in order. */
        List<Object> payloads(String persistenceId) {
            return events(persistenceId).stream().map(PersistentRepr::payload).toList();
        }
    }
}
