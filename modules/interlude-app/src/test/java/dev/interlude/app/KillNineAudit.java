package dev.interlude.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a node that is killed again and again has promised, checked against what its run history says after each
 * restart: what it reported before a kill is still there, no run id names two runs, and the commands' ledger agrees.
 *
 * <p>A run id ends with the journal sequence number of the event that started the run
 * ({@code t_a-20261203T061410-7}), so a journal that forgot its last events gives the same numbers to new runs: that
 * is seen as one number under two run ids, or one run id and attempt with two start instants.
 */
final class KillNineAudit {

    /** One attempt as {@code GET /api/v1/runs} lists it. */
    record Attempt(String runId, int attempt, String status, Instant startedAt) {

        String key() {
            return runId + " " + attempt;
        }

        /** The journal sequence number in the run id (the run's first event). */
        long sequenceNr() {
            return KillNineAudit.sequenceNr(runId);
        }
    }

    /** The journal sequence number a run id ends with. */
    static long sequenceNr(String runId) {
        return Long.parseLong(runId.substring(runId.lastIndexOf('-') + 1));
    }

    private final Path ledger;
    /** Every attempt the API ever reported succeeded, by run id and attempt. */
    private final Map<String, Attempt> acknowledged = new LinkedHashMap<>();
    /** When each run id and attempt started, as first reported. */
    private final Map<String, Instant> started = new HashMap<>();
    /** The run id each journal sequence number was first reported under. */
    private final Map<Long, String> runIdBySequence = new HashMap<>();
    private final Set<String> runIds = new HashSet<>();
    /** The ledger's lines when the node was last killed: commands of runs whose start the journal acknowledged. */
    private Set<String> ledgerAtKill = Set.of();

    private final Set<String> lost = new TreeSet<>();
    private final Set<Long> reused = new TreeSet<>();
    private final Set<String> restarted = new TreeSet<>();
    private final Set<String> withoutLedgerLine = new TreeSet<>();
    private final Set<String> ledgerRunsForgotten = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();
    private int checks;

    KillNineAudit(Path ledger) {
        this.ledger = ledger;
    }

    /** What the API listed while the node ran: every success in it is acknowledged from now on. */
    void observe(List<Attempt> attempts) {
        for (Attempt a : attempts) {
            named(a.runId());
            Instant at = started.putIfAbsent(a.key(), a.startedAt());
            if (at != null && !at.equals(a.startedAt()) && restarted.add(a.key())) {
                problems.add("run " + a.runId() + " attempt " + a.attempt() + " started at " + at
                        + ", and is now reported started at " + a.startedAt() + ": one run id for two runs");
            }
            if ("succeeded".equals(a.status())) {
                acknowledged.putIfAbsent(a.key(), a);
            }
        }
    }

    /** A run id reported by the API or written by a command: its sequence number must never name another run. */
    private void named(String runId) {
        runIds.add(runId);
        long sequenceNr = sequenceNr(runId);
        String first = runIdBySequence.putIfAbsent(sequenceNr, runId);
        if (first != null && !first.equals(runId) && reused.add(sequenceNr)) {
            problems.add("journal sequence number " + sequenceNr + " names two runs: " + first + " and " + runId);
        }
    }

    /**
     * The node was killed: the ledger's lines so far must all belong to runs the journal knows, and their run ids
     * count as seen (a command ran under them).
     */
    void killed() throws IOException {
        ledgerAtKill = ledgerLines();
        ledgerAtKill.forEach(line -> named(runIdOf(line)));
    }

    private static String runIdOf(String ledgerLine) {
        return ledgerLine.substring(0, ledgerLine.indexOf(' '));
    }

    /**
     * The history of a restarted node, once it has read the journal's end (it lists a run the new node started):
     * every completion acknowledged before is still a success, every success has its ledger line, every run of the
     * ledger is known.
     */
    void afterRestart(List<Attempt> attempts) throws IOException {
        checks++;
        Map<String, Attempt> now = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Attempt a : attempts) {
            now.put(a.key(), a);
            ids.add(a.runId());
        }
        for (Attempt ack : acknowledged.values()) {
            Attempt a = now.get(ack.key());
            if ((a == null || !"succeeded".equals(a.status())) && lost.add(ack.key())) {
                problems.add("run " + ack.runId() + " attempt " + ack.attempt() + " was reported succeeded before a "
                        + "kill, and after restart " + (a == null ? "is not listed" : "is " + a.status()));
            }
        }
        Set<String> lines = ledgerLines(); // read after the history: a success's line is written before it is
        for (Attempt a : attempts) {
            if ("succeeded".equals(a.status()) && !lines.contains(a.key()) && withoutLedgerLine.add(a.key())) {
                problems.add("run " + a.runId() + " attempt " + a.attempt() + " succeeded, but its command wrote "
                        + "no ledger line");
            }
        }
        for (String line : ledgerAtKill) {
            String runId = runIdOf(line);
            if (!ids.contains(runId) && ledgerRunsForgotten.add(runId)) {
                problems.add("run " + runId + " ran its command (ledger: \"" + line + "\"), so its start was "
                        + "journaled, but the journal no longer knows it");
            }
        }
        observe(attempts);
    }

    private Set<String> ledgerLines() throws IOException {
        if (!Files.exists(ledger)) {
            return Set.of();
        }
        Set<String> lines = new LinkedHashSet<>();
        for (String line : Files.readAllLines(ledger)) {
            if (line.indexOf(' ') > 0) {
                lines.add(line.trim());
            }
        }
        return lines;
    }

    List<String> problems() {
        return problems;
    }

    String summary() {
        return checks + " restart check(s), " + runIds.size() + " run(s) seen, " + acknowledged.size()
                + " completion(s) acknowledged; lost: " + lost.size() + ", sequence numbers reused: " + reused.size()
                + ", run ids restarted as other runs: " + restarted.size() + ", successes without a ledger line: "
                + withoutLedgerLine.size() + ", ledger runs the journal forgot: " + ledgerRunsForgotten.size();
    }
}
