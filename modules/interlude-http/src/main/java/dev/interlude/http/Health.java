package dev.interlude.http;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.interlude.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's verdict on itself, with every check it is made of: {@code unhealthy} when a check fails,
 * {@code degraded} when one warns, {@code healthy} otherwise.
 *
 * <p>The checks, in order:
 * <ul>
 *   <li>{@code cluster_member}: this node is an Up member of its cluster (fails otherwise);</li>
 *   <li>{@code supervisor_ticking}: the supervisor answers within {@code supervisor-timeout} (it answers only once
 *       it has recovered, from the actor that decides on every tick; fails otherwise);</li>
 *   <li>{@code journal_writable}: the supervisor answers, so its last journal write succeeded (when a journal write
 *       or read fails, the supervisor restarts with backoff and answers nothing until the journal takes writes
 *       again); the value is the last journal sequence number this node has read (fails with the supervisor);</li>
 *   <li>{@code backlog}: runs waiting to start, over {@code backlog-over} warns;</li>
 *   <li>{@code error_rate}: attempts that failed in the last {@code error-rate-window}, over {@code error-rate-over}
 *       warns;</li>
 *   <li>{@code research_window_completion}: inside a research window, the seconds since a run last ended (or since
 *       the window started, if later), over {@code no-completion-for} warns; passes outside research windows.</li>
 * </ul>
 */
public record Health(Verdict status, Instant checkedAt, List<Check> checks) {

    public Health {
        Objects.requireNonNull(status, "status");
        checks = List.copyOf(checks);
    }

    public enum Verdict {
        HEALTHY, DEGRADED, UNHEALTHY;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Result {
        PASS, WARN, FAIL,
        /** Not known: what it reads did not answer (the supervisor). */
        UNKNOWN;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One check: its value and the threshold it is held to (either may be null), in {@code unit}, and a sentence.
     */
    public record Check(String name, Result status, Object value, Object threshold, String unit, String detail) {
    }

    /** The check named {@code name}, if this verdict has one. */
    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The verdict of {@code vitals} under {@code settings}. Pure. */
    public static Health of(Vitals vitals, MonitoringSettings settings) {
        List<Check> checks = List.of(member(vitals), supervisor(vitals, settings), journal(vitals),
                backlog(vitals, settings), errorRate(vitals, settings), completion(vitals, settings));
        Verdict verdict = checks.stream().anyMatch(c -> c.status() == Result.FAIL)
                ? Verdict.UNHEALTHY
                : checks.stream().anyMatch(c -> c.status() == Result.WARN) ? Verdict.DEGRADED : Verdict.HEALTHY;
        return new Health(verdict, vitals.at(), checks);
    }

    private static Check member(Vitals v) {
        boolean up = "Up".equals(v.memberStatus());
        return new Check("cluster_member", up ? Result.PASS : Result.FAIL, v.memberStatus(), "Up", null,
                up ? "this node is an Up member of its cluster"
                        : "this node is " + v.memberStatus() + " in its cluster, not Up");
    }

    private static Check supervisor(Vitals v, MonitoringSettings s) {
        long timeout = s.supervisorTimeout().toMillis();
        if (v.supervisorAnswered()) {
            return new Check("supervisor_ticking", Result.PASS, v.waited().toMillis(), timeout, "ms",
                    "the supervisor answered in " + v.waited().toMillis() + " ms");
        }
        return new Check("supervisor_ticking", Result.FAIL, null, timeout, "ms", "the supervisor did not answer "
                + "within " + Durations.human(s.supervisorTimeout()) + ": it is recovering, moving to another node, "
                + "or stopped");
    }

    private static Check journal(Vitals v) {
        if (v.supervisorAnswered()) {
            return new Check("journal_writable", Result.PASS, v.journalSequenceNr(), null, "sequence number",
                    "the supervisor answers, so its last write to the journal succeeded; this node has read the "
                            + "journal up to event " + v.journalSequenceNr());
        }
        return new Check("journal_writable", Result.FAIL, v.journalSequenceNr(), null, "sequence number",
                "the supervisor does not answer: when a journal write fails it pauses dispatch and retries with "
                        + "backoff until the journal takes writes again (see the node's log); this node has read the "
                        + "journal up to event " + v.journalSequenceNr());
    }

    private static Check backlog(Vitals v, MonitoringSettings s) {
        if (!v.supervisorAnswered()) {
            return unknown("backlog", s.backlogOver(), "runs");
        }
        boolean over = v.queueDepth() > s.backlogOver();
        return new Check("backlog", over ? Result.WARN : Result.PASS, v.queueDepth(), s.backlogOver(), "runs",
                v.queueDepth() + " run(s) wait to start" + (over ? ", more than " + s.backlogOver() : ""));
    }

    private static Check errorRate(Vitals v, MonitoringSettings s) {
        RunSummary.Stats recent = v.recent();
        String window = Durations.human(v.recentWindow());
        if (recent.errorRate() == null) {
            return new Check("error_rate", Result.PASS, null, s.errorRateOver(), "ratio",
                    "no attempt succeeded or failed in the last " + window);
        }
        boolean over = recent.errorRate() > s.errorRateOver();
        int failed = recent.failed() + recent.abandoned();
        return new Check("error_rate", over ? Result.WARN : Result.PASS, recent.errorRate(), s.errorRateOver(),
                "ratio", failed + " of " + (failed + recent.succeeded()) + " attempt(s) failed in the last " + window);
    }

    private static Check completion(Vitals v, MonitoringSettings s) {
        long threshold = s.noCompletionFor().toSeconds();
        if (v.window().isEmpty()) {
            return new Check("research_window_completion", Result.PASS, null, threshold, "s",
                    "not in a research window");
        }
        if (!v.supervisorAnswered()) {
            return unknown("research_window_completion", threshold, "s");
        }
        Instant windowStart = v.window().get().start().toInstant();
        Instant since = v.lastCompletion().filter(c -> c.isAfter(windowStart)).orElse(windowStart);
        Duration idle = Duration.between(since, v.at());
        boolean over = idle.compareTo(s.noCompletionFor()) > 0;
        String what = since.equals(windowStart) ? "no run has ended since the research window started "
                : "the last run ended ";
        return new Check("research_window_completion", over ? Result.WARN : Result.PASS, idle.toSeconds(),
                threshold, "s", what + Durations.human(idle) + " ago");
    }

    private static Check unknown(String name, Object threshold, String unit) {
        return new Check(name, Result.UNKNOWN, null, threshold, unit, "unknown: the supervisor did not answer");
    }
}
