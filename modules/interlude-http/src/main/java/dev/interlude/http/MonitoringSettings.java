package dev.interlude.http;

import com.typesafe.config.Config;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a node judges its own health ({@code interlude.http.health}) and how much run history it keeps
 * ({@code interlude.http.history}), checked as they are read: every problem is named by its path, and every
 * number and duration has a range (the constants below), named with the value when it is outside it.
 *
 * @param supervisorTimeout how long readiness, the health verdict and a metrics scrape wait for the supervisor
 * @param backlogOver       degraded when more runs than this wait to start
 * @param errorRateOver     degraded when more than this share of attempts failed in the last {@code errorRateWindow}
 * @param errorRateWindow   the time the error rate is measured over
 * @param noCompletionFor   degraded when, inside a research window, no run has ended for longer than this
 * @param historyAttempts   the most run attempts kept in memory for the history and its metrics
 * @param checkEvery        how often the node judges its health on its own, to publish a change of verdict on the
 *                          status feed ({@code health.changed}) and to webhooks ({@code health.degraded})
 */
public record MonitoringSettings(Duration supervisorTimeout, int backlogOver, double errorRateOver,
                                 Duration errorRateWindow, Duration noCompletionFor, int historyAttempts,
                                 Duration checkEvery) {

    private static final Set<String> HEALTH_KEYS = Set.of("supervisor-timeout", "backlog-over", "error-rate-over",
            "error-rate-window", "no-completion-for", "check-every");
    private static final Set<String> HISTORY_KEYS = Set.of("max-attempts");

    /** A backlog threshold beyond any desk's: more runs than this waiting is never "healthy". */
    public static final int MAX_BACKLOG = 1_000_000;
    /** The longest error-rate-window and no-completion-for: a week, longer than any research window. */
    public static final Duration MAX_LOOKBACK = Duration.ofDays(7);
    /** The node judges its health at most once a second and at least once an hour. */
    public static final Duration MIN_CHECK_EVERY = Duration.ofSeconds(1);
    public static final Duration MAX_CHECK_EVERY = Duration.ofHours(1);
    /** Run attempts kept in memory, about 250 bytes each: at most about 2.5 GB. */
    public static final int MAX_HISTORY_ATTEMPTS = 10_000_000;

    /** The reference defaults. */
    public static final MonitoringSettings DEFAULT = new MonitoringSettings(Duration.ofSeconds(3), 20, 0.10,
            Duration.ofHours(1), Duration.ofHours(1), RunHistory.DEFAULT_MAX_ATTEMPTS, Duration.ofSeconds(30));

    /**
     * Reads {@code interlude.http.health} and {@code interlude.http.history} from {@code root} (with the reference
     * defaults as its fallback).
     *
     * @throws InvalidInputException with every problem, by path
     */
    public static MonitoringSettings load(Config root) {
        List<Problem> problems = new ArrayList<>();
        Optional<MonitoringSettings> settings = new ConfigSection(root.root(), "", problems)
                .requiredSection("interlude").flatMap(i -> i.requiredSection("http")).flatMap(MonitoringSettings::read);
        if (!problems.isEmpty() || settings.isEmpty()) {
            throw new InvalidInputException(problems.stream().sorted().distinct().toList());
        }
        return settings.get();
    }

    /** Reads the {@code health} and {@code history} blocks of {@code http}, recording their problems there. */
    static Optional<MonitoringSettings> read(ConfigSection http) {
        Optional<ConfigSection> health = http.requiredSection("health");
        Optional<ConfigSection> history = http.requiredSection("history");
        if (health.isEmpty() || history.isEmpty()) {
            return Optional.empty();
        }
        ConfigSection h = health.get();
        h.allowOnly(HEALTH_KEYS);
        h.require(HEALTH_KEYS.toArray(String[]::new));
        Optional<Duration> timeout = h.positiveDuration("supervisor-timeout", HttpSettings.MAX_TIMEOUT);
        Optional<Integer> backlog = h.wholeNumber("backlog-over", "a whole number of runs", 0, MAX_BACKLOG);
        Optional<Double> errorRate = h.fraction("error-rate-over");
        Optional<Duration> errorWindow = h.positiveDuration("error-rate-window", MAX_LOOKBACK);
        Optional<Duration> noCompletion = h.positiveDuration("no-completion-for", MAX_LOOKBACK);
        Optional<Duration> checkEvery = h.duration("check-every", MIN_CHECK_EVERY, MAX_CHECK_EVERY);
        ConfigSection r = history.get();
        r.allowOnly(HISTORY_KEYS);
        r.require("max-attempts");
        Optional<Integer> attempts = r.wholeNumber("max-attempts", "a whole number of attempts", 1,
                MAX_HISTORY_ATTEMPTS);
        if (timeout.isEmpty() || backlog.isEmpty() || errorRate.isEmpty() || errorWindow.isEmpty()
                || noCompletion.isEmpty() || attempts.isEmpty() || checkEvery.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MonitoringSettings(timeout.get(), backlog.get(), errorRate.get(), errorWindow.get(),
                noCompletion.get(), attempts.get(), checkEvery.get()));
    }
}
