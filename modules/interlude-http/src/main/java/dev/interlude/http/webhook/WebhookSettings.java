package dev.interlude.http.webhook;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.interlude.core.Durations;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.config.DidYouMean;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.config.SettingsReader;
import dev.interlude.core.task.TaskBounds;
import dev.interlude.http.HttpSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The webhooks a node delivers ({@code interlude.webhooks}, a list of endpoints, each over
 * {@code interlude.webhook-defaults}), checked as they are read: every problem is named by its path, every number
 * and duration has a range (the constants below, the timeout at most {@link HttpSettings#MAX_TIMEOUT}), and no
 * problem message repeats a secret or a whole URL (a receiver's path often carries a token). A retry waits at most
 * max-backoff whatever the attempt ({@link WebhookEndpoint#backoff}).
 *
 * @param endpoints the receivers, in the order they are configured; empty: no webhooks
 */
public record WebhookSettings(List<WebhookEndpoint> endpoints) {

    private static final SettingsReader<WebhookSettings> READER = WebhookSettings::read;

    /** The keys {@code interlude.webhook-defaults} may set for every endpoint. */
    private static final Set<String> DEFAULT_KEYS = Set.of("secret", "timeout", "max-attempts", "initial-backoff",
            "max-backoff", "max-queue");

    private static final Set<String> ENDPOINT_KEYS = Stream.concat(DEFAULT_KEYS.stream(), Stream.of("url", "events"))
            .collect(Collectors.toUnmodifiableSet());

    /** The shortest secret accepted: shorter ones are too easy to guess to be worth signing with. */
    public static final int MIN_SECRET_CHARS = 16;

    /** Attempts per delivery, the first included. */
    public static final int MAX_ATTEMPTS = 100;
    /** The longest wait before a retry, initial-backoff and max-backoff alike (as a task's retry). */
    public static final Duration MAX_BACKOFF = TaskBounds.MAX_BACKOFF;
    /** Deliveries waiting per endpoint, each a small JSON body in memory. */
    public static final int MAX_QUEUE = 100_000;

    public WebhookSettings {
        endpoints = List.copyOf(endpoints);
    }

    public boolean enabled() {
        return !endpoints.isEmpty();
    }

    /**
     * Reads {@code interlude.webhooks} from {@code root} (with the reference defaults as its fallback).
     *
     * @throws InvalidInputException with every problem, by path
     */
    public static WebhookSettings load(Config root) {
        return READER.load(root);
    }

    /** The problems of {@code interlude.webhooks} and {@code interlude.webhook-defaults}, by path; empty if fine. */
    public static List<Problem> problems(Config root) {
        return READER.problems(root);
    }

    private static WebhookSettings read(Config root, List<Problem> problems) {
        Optional<ConfigSection> interlude = new ConfigSection(root.root(), "", problems).requiredSection("interlude");
        if (interlude.isEmpty()) {
            return null;
        }
        ConfigSection i = interlude.get();
        ConfigObject defaults = defaults(i, problems);
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        i.require("webhooks");
        i.sections("webhooks").ifPresent(sections -> {
            for (int index = 0; index < sections.size(); index++) {
                endpoint(index, sections.get(index), defaults, problems).ifPresent(endpoints::add);
            }
        });
        return new WebhookSettings(endpoints);
    }

    /**
     * {@code interlude.webhook-defaults} as written, or the reference's own if what is written has problems (its
     * secret kept: the secret is checked where an endpoint uses it, and is not missing there).
     */
    private static ConfigObject defaults(ConfigSection interlude, List<Problem> problems) {
        ConfigObject reference = ConfigFactory.defaultReference().getObject("interlude.webhook-defaults");
        return interlude.section("webhook-defaults").map(own -> {
            int before = problems.size();
            own.allowOnly(DEFAULT_KEYS);
            shared(own);
            if (problems.size() == before) {
                return own.object();
            }
            ConfigValue secret = own.object().get("secret");
            return secret == null ? reference : reference.withValue("secret", secret);
        }).orElse(reference);
    }

    private static Optional<WebhookEndpoint> endpoint(int index, ConfigSection own, ConfigObject defaults,
                                                      List<Problem> problems) {
        int before = problems.size();
        own.allowOnly(ENDPOINT_KEYS);
        own.require("url", "events");
        Optional<URI> url = own.nonBlankString("url").flatMap(u -> url(own, u));
        Optional<Set<WebhookEvent>> events = events(own, problems);
        ConfigSection merged = new ConfigSection(own.object().withFallback(defaults), own.path(), problems);
        Optional<String> secret;
        if (merged.has("secret")) {
            secret = secret(merged, own.has("secret") ? "" : " (from interlude.webhook-defaults.secret, "
                    + "INTERLUDE_WEBHOOK_SECRET by default)");
        } else {
            merged.problem("secret", "missing: deliveries are signed with it; set it here or in the environment "
                    + "(INTERLUDE_WEBHOOK_SECRET, read by interlude.webhook-defaults.secret)");
            secret = Optional.empty();
        }
        Optional<Shared> shared = shared(merged);
        if (problems.size() > before || url.isEmpty() || events.isEmpty() || secret.isEmpty() || shared.isEmpty()) {
            return Optional.empty();
        }
        Shared s = shared.get();
        return Optional.of(new WebhookEndpoint(index, url.get(), events.get(), secret.get(), s.timeout(),
                s.maxAttempts(), s.initialBackoff(), s.maxBackoff(), s.maxQueue()));
    }

    /** What {@code interlude.webhook-defaults} and an endpoint can both say. */
    private record Shared(Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                          int maxQueue) {
    }

    private static Optional<Shared> shared(ConfigSection c) {
        c.require("timeout", "max-attempts", "initial-backoff", "max-backoff", "max-queue");
        Optional<Duration> timeout = c.positiveDuration("timeout", HttpSettings.MAX_TIMEOUT);
        Optional<Integer> maxAttempts = c.wholeNumber("max-attempts", "a whole number of attempts", 1, MAX_ATTEMPTS);
        Optional<Duration> initial = c.positiveDuration("initial-backoff", MAX_BACKOFF);
        Optional<Duration> max = c.positiveDuration("max-backoff", MAX_BACKOFF);
        if (initial.isPresent()) {
            max = c.ensure("max-backoff", max, m -> m.compareTo(initial.get()) >= 0,
                    m -> "must not be shorter than initial-backoff (" + Durations.hocon(initial.get()) + "), got "
                            + Durations.hocon(m));
        }
        Optional<Integer> maxQueue = c.wholeNumber("max-queue", "a whole number of deliveries", 1, MAX_QUEUE);
        if (timeout.isEmpty() || maxAttempts.isEmpty() || initial.isEmpty() || max.isEmpty() || maxQueue.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Shared(timeout.get(), maxAttempts.get(), initial.get(), max.get(), maxQueue.get()));
    }

    /** The secret, read without ever repeating it in a problem; {@code from} says where it came from. */
    private static Optional<String> secret(ConfigSection c, String from) {
        ConfigValue value = c.object().get("secret");
        if (value.valueType() != ConfigValueType.STRING) {
            c.problem("secret", "expected a quoted string (unquoted digits are read as a number)" + from);
            return Optional.empty();
        }
        String secret = (String) value.unwrapped();
        if (secret.isBlank()) {
            c.problem("secret", "must not be blank" + from);
            return Optional.empty();
        }
        if (secret.length() < MIN_SECRET_CHARS) {
            c.problem("secret", "too short: use at least " + MIN_SECRET_CHARS + " random characters "
                    + "(e.g. openssl rand -hex 32)" + from);
            return Optional.empty();
        }
        return Optional.of(secret);
    }

    private static Optional<URI> url(ConfigSection c, String text) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            c.problem("url", "not a URL: " + e.getReason() + " at character " + (e.getIndex() + 1));
            return Optional.empty();
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            c.problem("url", "expected an http:// or https:// URL" + (scheme.isEmpty() ? "" : ", got a "
                    + scheme + ": URL"));
            return Optional.empty();
        }
        if (url.getHost() == null) {
            c.problem("url", "expected a URL with a host, such as \"https://hooks.example.com/interlude\"");
            return Optional.empty();
        }
        if (url.getRawUserInfo() != null) {
            c.problem("url", "remove the user name and password from the URL: they would not be sent, and "
                    + "receivers authenticate deliveries by their signature");
            return Optional.empty();
        }
        return Optional.of(url);
    }

    private static Optional<Set<WebhookEvent>> events(ConfigSection c, List<Problem> problems) {
        return c.choices("events", "events", WebhookEvent.ids()).flatMap(names -> {
            if (names.isEmpty()) {
                c.problem("events", "expected at least one of " + String.join(", ", WebhookEvent.ids()));
                return Optional.empty();
            }
            Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
            boolean all = true;
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                Optional<WebhookEvent> event = WebhookEvent.ofId(name);
                if (event.isPresent()) {
                    events.add(event.get());
                } else {
                    problems.add(new Problem(c.path("events") + "[" + i + "]", "unknown event \"" + name + "\""
                            + DidYouMean.suffix(name, WebhookEvent.ids()) + "; expected one of "
                            + String.join(", ", WebhookEvent.ids())));
                    all = false;
                }
            }
            return all ? Optional.of(events) : Optional.empty();
        });
    }
}
