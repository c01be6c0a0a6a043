package dev.interlude.core.task;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import dev.interlude.core.config.ConfigFiles;
import dev.interlude.core.config.ConfigSection;
import dev.interlude.core.Durations;
import dev.interlude.core.config.DidYouMean;
import dev.interlude.core.config.Environment;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.core.window.Mode;
import dev.interlude.core.window.Phase;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads the task catalog from HOCON ({@code conf/tasks.conf}, whose comments document the format) and checks it
 * whole: every problem is collected with its path ({@code tasks.calculate_pnl.dependencies[0]: unknown task
 * "reconcile"}) and reported at once, sorted by path, in an {@link InvalidInputException}.
 *
 * <p>Optional keys take their defaults from the catalog's own {@code task-defaults} block, then from the node's
 * {@code interlude.task-defaults} (its configuration file's, when the catalog is loaded for a node), then from
 * {@code reference.conf}'s. Conflicts are mutual: a task listed in another's {@code conflicts} conflicts with it,
 * whether or not it says so itself.
 */
public final class CatalogLoader {

    /** Task names: lower-case letters, digits, underscores and hyphens, not starting with a hyphen. */
    public static final Pattern TASK_NAME = Pattern.compile("[a-z0-9_][a-z0-9_-]*");

    /** Where a node's configuration (and reference.conf) holds the defaults under every catalog's own. */
    private static final String NODE_DEFAULTS = "interlude.task-defaults";
    private static final Set<String> DEFAULT_KEYS = Set.of("category", "memory-mb", "estimated-duration",
            "timeout-multiple", "retry", "risk", "confidence", "requires-approval", "extendable", "opportunistic",
            "max-concurrent-runs", "enabled");
    private static final Set<String> TASK_KEYS = Set.of("description", "category", "priority", "phases", "modes",
            "trigger", "dependencies", "conflicts", "memory-mb", "estimated-duration", "timeout", "retry", "risk",
            "confidence", "requires-approval", "extendable", "opportunistic", "max-concurrent-runs", "deadline",
            "handler", "branches", "enabled");
    private static final Set<String> RETRY_KEYS =
            Set.of("max-attempts", "initial-backoff", "multiplier", "max-backoff", "jitter");
    private static final Set<String> BRANCH_KEYS = Set.of("on", "value", "task", "parameters");
    private static final List<String> TRIGGER_TYPES =
            List.of("cron", "daily", "weekly", "interval", "every-window", "manual");
    private static final List<String> HANDLER_TYPES = List.of("java", "command", "http", "simulated");
    private static final List<String> HTTP_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    private static final List<String> WINDOW_SCOPES = List.of("window", "trading-day");
    private static final List<String> DAY_NAMES = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
    private static final List<String> BRANCH_CONDITIONS =
            Arrays.stream(Branch.Condition.values()).map(Branch.Condition::id).toList();

    private final ZoneId exchangeZone;
    private final List<Problem> problems = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    /** The defaults the tasks were read over: the catalog's task-defaults over the node's. */
    private ConfigObject defaults;

    private CatalogLoader(ZoneId exchangeZone) {
        this.exchangeZone = exchangeZone;
    }

    /**
     * The catalog in the {@code tasks} object of {@code root}, with defaults from {@code root}'s
     * {@code task-defaults} and {@code reference.conf}; clock triggers without a zone use {@code exchangeZone}.
     *
     * @throws InvalidInputException listing every problem found, sorted by path
     */
    public static TaskCatalog load(Config root, ZoneId exchangeZone) {
        return catalog(root, Optional.empty(), false, exchangeZone);
    }

    /**
     * Parses {@code file} (substitutions resolved, {@code ${?VAR}} from the environment) and loads its catalog. A
     * file that cannot be read or parsed is one problem named by the file and line.
     *
     * @throws InvalidInputException listing every problem found, sorted by path
     */
    public static TaskCatalog loadFile(Path file, ZoneId exchangeZone) {
        return loadFile(file, exchangeZone, Environment.system());
    }

    /** As {@link #loadFile(Path, ZoneId)}, with {@code ${?VAR}} read from {@code environment}. */
    public static TaskCatalog loadFile(Path file, ZoneId exchangeZone, Environment environment) {
        return catalog(parseFile(file, environment), Optional.empty(), true, exchangeZone);
    }

    /**
     * As {@link #loadFile(Path, ZoneId, Environment)}, for the node configured by {@code node} (reference.conf's
     * defaults included): its {@code interlude.task-defaults} are the defaults under the file's own
     * {@code task-defaults}, and their problems are the catalog's, named by that path.
     */
    public static TaskCatalog loadFile(Path file, ZoneId exchangeZone, Environment environment, Config node) {
        return catalog(parseFile(file, environment), Optional.of(node), true, exchangeZone);
    }

    private static TaskCatalog catalog(Config root, Optional<Config> node, boolean wholeFile, ZoneId exchangeZone) {
        CatalogLoader loader = new CatalogLoader(exchangeZone);
        List<TaskSpec> specs = loader.read(root, loader.nodeDefaults(node), wholeFile);
        List<Problem> problems = loader.sortedProblems();
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        // The source keeps the defaults the tasks were read over, so a task changed at run time gets the same.
        return new TaskCatalog(mutualConflicts(specs),
                Optional.of(CatalogSource.of(root, loader.defaults, exchangeZone)));
    }

    /** Every problem of the catalog in {@code root}, sorted by path; empty if {@link #load} would succeed. */
    public static List<Problem> validate(Config root, ZoneId exchangeZone) {
        CatalogLoader loader = new CatalogLoader(exchangeZone);
        loader.read(root, loader.nodeDefaults(Optional.empty()), false);
        return loader.sortedProblems();
    }

    /**
     * The problems of the {@code interlude.task-defaults} of the node configured by {@code node}, by path; checked
     * with the catalog too, and on their own where the catalog file cannot be read.
     */
    public static List<Problem> nodeDefaultsProblems(Config node) {
        CatalogLoader loader = new CatalogLoader(ZoneOffset.UTC);
        loader.nodeDefaults(Optional.of(node));
        return loader.sortedProblems();
    }

    /** The parsed and resolved file; an unreadable or malformed one throws with a single problem. */
    public static Config parseFile(Path file) {
        return parseFile(file, Environment.system());
    }

    /** As {@link #parseFile(Path)}, with {@code ${?VAR}} read from {@code environment}. */
    public static Config parseFile(Path file, Environment environment) {
        return ConfigFiles.read(file, file.toString(), environment::resolve);
    }

    private List<Problem> sortedProblems() {
        return problems.stream().sorted().distinct().toList();
    }

    // ---- the catalog ----

    /**
     * Reads the catalog under {@code root} over {@code nodeDefaults}; a whole catalog file may hold nothing but
     * tasks and task-defaults.
     */
    private List<TaskSpec> read(Config root, ConfigObject nodeDefaults, boolean wholeFile) {
        ConfigSection top = new ConfigSection(root.root(), "", problems);
        if (wholeFile) {
            top.allowOnly(Set.of("tasks", "task-defaults"));
        }
        if (!top.has("tasks")) {
            top.problem("tasks", "missing required key: a catalog is a tasks { ... } object");
        }
        defaults = top.section("task-defaults").map(own -> over(own, nodeDefaults)).orElse(nodeDefaults);
        Optional<ConfigSection> tasks = top.section("tasks");
        List<TaskSpec> specs = new ArrayList<>();
        tasks.ifPresent(t -> {
            for (String name : t.keysInDeclarationOrder()) {
                t.section(name).flatMap(own -> readTask(name, own, defaults)).ifPresent(specs::add);
            }
            checkReferences(t);
        });
        return specs;
    }

    /**
     * The node's {@code interlude.task-defaults} over reference.conf's (the node's configuration usually holds
     * both), checked by that path; reference.conf's alone without a node, or when the node's have a problem.
     */
    private ConfigObject nodeDefaults(Optional<Config> node) {
        ConfigObject reference = ConfigFactory.defaultReference().getObject(NODE_DEFAULTS);
        return node.flatMap(n -> new ConfigSection(n.root(), "", problems).section("interlude"))
                .flatMap(interlude -> interlude.section("task-defaults"))
                .map(own -> over(own, reference))
                .orElse(reference);
    }

    /** The defaults {@code own} sets over {@code under}, or {@code under} alone if {@code own} has a problem. */
    private ConfigObject over(ConfigSection own, ConfigObject under) {
        own.allowOnly(DEFAULT_KEYS);
        ConfigObject merged = own.object().withFallback(under);
        int before = problems.size();
        readShared(new ConfigSection(merged, own.path(), problems));
        return problems.size() == before ? merged : under;
    }

    private Optional<TaskSpec> readTask(String name, ConfigSection own, ConfigObject defaults) {
        int before = problems.size();
        if (!TASK_NAME.matcher(name).matches()) {
            own.problemHere("task names are lower-case letters, digits, '_' and '-', not starting with '-'");
        }
        own.allowOnly(TASK_KEYS);
        own.require("priority", "trigger", "handler");
        ConfigSection task = new ConfigSection(own.object().withFallback(defaults), own.path(), problems);
        Shared shared = readShared(task);
        String description = task.string("description").orElse("");
        Priority priority = task.enumValue("priority", "priority", Priority.class).orElse(null);
        Set<Phase> phases = readPhases(task);
        Trigger trigger = task.section("trigger").flatMap(this::readTrigger).orElse(null);
        List<String> dependencies = readReferences(name, task, "dependencies", Reference.Kind.DEPENDENCY);
        Set<String> conflicts = new LinkedHashSet<>(readReferences(name, task, "conflicts", Reference.Kind.CONFLICT));
        Duration timeout = task.has("timeout")
                ? task.positiveDuration("timeout", TaskBounds.MAX_TASK_DURATION).orElse(null)
                : timeoutFor(task, shared.estimatedDuration(), shared.timeoutMultiple());
        HandlerSpec handler = task.section("handler").flatMap(this::readHandler).orElse(null);
        List<Branch> branches = readBranches(name, task);
        Optional<LocalTime> deadline = task.time("deadline");
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new TaskSpec(name, description, shared.category(), priority, phases, trigger, dependencies,
                conflicts, shared.memoryMb(), shared.estimatedDuration(), timeout, shared.retry(), shared.risk(),
                shared.confidence(), shared.requiresApproval(), shared.extendable(), shared.opportunistic(),
                shared.maxConcurrentRuns(), handler, branches, shared.enabled(), deadline));
    }

    /**
     * The timeout of a task that does not set one: its estimate times the timeout multiple, which must not be longer
     * than a timeout may be (7d x 10 would be 70d).
     */
    private static Duration timeoutFor(ConfigSection task, Duration estimate, double multiple) {
        if (estimate == null) {
            return null;
        }
        Duration timeout = Duration.ofMillis(Math.round(estimate.toMillis() * multiple));
        if (timeout.compareTo(TaskBounds.MAX_TASK_DURATION) > 0) {
            task.problem("timeout", "missing, and estimated-duration (" + Durations.hocon(estimate)
                    + ") x timeout-multiple (" + multiple + ") is " + Durations.hocon(timeout)
                    + ", longer than a timeout may be (" + Durations.hocon(TaskBounds.MAX_TASK_DURATION)
                    + "); set a timeout of at most " + Durations.hocon(TaskBounds.MAX_TASK_DURATION));
            return null;
        }
        return timeout;
    }

    /**
     * The keys a task may inherit, read from a task merged over its defaults (or from the defaults alone, to check
     * them). Values that had a problem are left null: no spec is built from a section that had one.
     */
    private Shared readShared(ConfigSection s) {
        return new Shared(
                s.nonBlankString("category").orElse(null),
                s.wholeNumber("memory-mb", "a whole number of megabytes", 0, TaskBounds.MAX_MEMORY_MB).orElse(0),
                s.positiveDuration("estimated-duration", TaskBounds.MAX_TASK_DURATION).orElse(null),
                s.number("timeout-multiple", 1.0, TaskBounds.MAX_MULTIPLIER).orElse(1.0),
                s.section("retry").flatMap(this::readRetry).orElse(null),
                s.enumValue("risk", "risk", Risk.class).orElse(null),
                s.fraction("confidence").orElse(0.0),
                s.bool("requires-approval").orElse(false),
                s.bool("extendable").orElse(false),
                s.bool("opportunistic").orElse(false),
                s.wholeNumber("max-concurrent-runs", "a whole number of runs", 1, TaskBounds.MAX_CONCURRENT_RUNS)
                        .orElse(1),
                s.bool("enabled").orElse(true));
    }

    /** The settings a task may inherit from task-defaults. */
    private record Shared(String category, int memoryMb, Duration estimatedDuration, double timeoutMultiple,
                          RetryPolicy retry, Risk risk, double confidence, boolean requiresApproval,
                          boolean extendable, boolean opportunistic, int maxConcurrentRuns, boolean enabled) {
    }

    private Set<Phase> readPhases(ConfigSection task) {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        int before = problems.size();
        task.enumValues("phases", "phase", Phase.class).ifPresent(phases::addAll);
        task.enumValues("modes", "mode", Mode.class).ifPresent(modes -> Arrays.stream(Phase.values())
                .filter(p -> modes.contains(p.mode()))
                .forEach(phases::add));
        if (phases.isEmpty() && !task.has("phases") && !task.has("modes")) {
            task.problemHere("missing phases or modes: a task runs only in the phases it names (modes expand to "
                    + "their phases)");
        } else if (phases.isEmpty() && problems.size() == before) {
            task.problem(task.has("phases") ? "phases" : "modes", "must name at least one phase or mode");
        }
        return phases;
    }

    // ---- retry ----

    private Optional<RetryPolicy> readRetry(ConfigSection r) {
        r.allowOnly(RETRY_KEYS);
        Optional<Integer> attempts =
                r.wholeNumber("max-attempts", "a whole number of attempts", 1, TaskBounds.MAX_ATTEMPTS);
        Optional<Duration> initial = r.positiveDuration("initial-backoff", TaskBounds.MAX_BACKOFF);
        Optional<Double> multiplier = r.number("multiplier", 1.0, TaskBounds.MAX_MULTIPLIER);
        Optional<Duration> max = r.positiveDuration("max-backoff", TaskBounds.MAX_BACKOFF);
        Optional<Double> jitter = r.fraction("jitter");
        if (initial.isPresent() && max.isPresent() && max.get().compareTo(initial.get()) < 0) {
            r.problem("max-backoff", "must not be shorter than initial-backoff (" + Durations.hocon(initial.get())
                    + "), got " + Durations.hocon(max.get()));
            return Optional.empty();
        }
        if (attempts.isEmpty() || initial.isEmpty() || multiplier.isEmpty() || max.isEmpty() || jitter.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RetryPolicy(attempts.get(), initial.get(), multiplier.get(), max.get(), jitter.get()));
    }

    // ---- triggers ----

    private Optional<Trigger> readTrigger(ConfigSection t) {
        if (!t.require("type")) {
            return Optional.empty();
        }
        return t.oneOf("type", "trigger type", TRIGGER_TYPES).flatMap(type -> switch (type) {
            case "cron" -> cron(t);
            case "daily" -> daily(t);
            case "weekly" -> weekly(t);
            case "interval" -> interval(t);
            case "every-window" -> everyWindow(t);
            default -> manual(t);
        });
    }

    private Optional<Trigger> cron(ConfigSection t) {
        t.allowOnly(Set.of("type", "expression", "zone"));
        t.require("expression");
        ZoneId zone = t.zone("zone").orElse(exchangeZone);
        return t.nonBlankString("expression").flatMap(expression -> {
            Optional<String> problem = CronExpressions.problem(expression);
            problem.ifPresent(p -> t.problem("expression", "invalid cron expression \"" + expression + "\": " + p));
            return problem.isPresent() ? Optional.empty() : Optional.of(new Trigger.Cron(expression, zone));
        });
    }

    private Optional<Trigger> daily(ConfigSection t) {
        t.allowOnly(Set.of("type", "at", "zone"));
        t.require("at");
        ZoneId zone = t.zone("zone").orElse(exchangeZone);
        return t.time("at").map(at -> new Trigger.Daily(at, zone));
    }

    private Optional<Trigger> weekly(ConfigSection t) {
        t.allowOnly(Set.of("type", "days", "at", "zone"));
        t.require("days", "at");
        ZoneId zone = t.zone("zone").orElse(exchangeZone);
        Optional<Set<DayOfWeek>> days = t.ensure("days", t.choices("days", "days", DAY_NAMES)
                .map(names -> days(t, names)),
                d -> !d.isEmpty(), d -> "must name at least one day");
        Optional<LocalTime> at = t.time("at");
        return days.flatMap(d -> at.map(a -> new Trigger.Weekly(d, a, zone)));
    }

    private static Set<DayOfWeek> days(ConfigSection t, List<String> names) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < names.size(); i++) {
            Optional<DayOfWeek> day = day(names.get(i));
            if (day.isPresent()) {
                days.add(day.get());
            } else {
                t.problem("days", "unknown day \"" + names.get(i) + "\" at index " + i
                        + ", expected MON, TUE, WED, THU, FRI, SAT or SUN");
            }
        }
        return days;
    }

    private static Optional<DayOfWeek> day(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(DayOfWeek.values())
                .filter(d -> d.name().equals(upper) || (upper.length() == 3 && d.name().startsWith(upper)))
                .findFirst();
    }

    private Optional<Trigger> interval(ConfigSection t) {
        t.allowOnly(Set.of("type", "every"));
        t.require("every");
        return t.duration("every", TaskBounds.MIN_INTERVAL, TaskBounds.MAX_INTERVAL).map(Trigger.Interval::new);
    }

    private Optional<Trigger> everyWindow(ConfigSection t) {
        t.allowOnly(Set.of("type", "scope"));
        t.require("scope");
        return t.oneOf("scope", "scope", WINDOW_SCOPES).map(scope -> new Trigger.EveryWindow(
                scope.equals("window") ? Trigger.EveryWindow.Scope.WINDOW : Trigger.EveryWindow.Scope.TRADING_DAY));
    }

    private Optional<Trigger> manual(ConfigSection t) {
        t.allowOnly(Set.of("type"));
        return Optional.of(new Trigger.Manual());
    }

    // ---- handlers ----

    private Optional<HandlerSpec> readHandler(ConfigSection h) {
        if (!h.require("type")) {
            return Optional.empty();
        }
        return h.oneOf("type", "handler type", HANDLER_TYPES).flatMap(type -> switch (type) {
            case "java" -> javaHandler(h);
            case "command" -> commandHandler(h);
            case "http" -> httpHandler(h);
            default -> simulatedHandler(h);
        });
    }

    private Optional<HandlerSpec> javaHandler(ConfigSection h) {
        h.allowOnly(Set.of("type", "name", "settings"));
        h.require("name");
        Map<String, String> settings = h.stringMap("settings").orElse(Map.of());
        return h.nonBlankString("name").map(name -> new HandlerSpec.Java(name, settings));
    }

    private Optional<HandlerSpec> commandHandler(ConfigSection h) {
        h.allowOnly(Set.of("type", "argv", "cwd", "env", "memory-limit-mb"));
        h.require("argv");
        Optional<List<String>> argv = h.ensure("argv", h.strings("argv"),
                a -> !a.isEmpty() && !a.get(0).isBlank(), a -> "must name a program: argv cannot be empty");
        Optional<String> cwd = h.nonBlankString("cwd");
        Map<String, String> env = h.stringMap("env").orElse(Map.of());
        Optional<Integer> memoryLimit =
                h.wholeNumber("memory-limit-mb", "a whole number of megabytes", 1, TaskBounds.MAX_MEMORY_MB);
        return argv.map(a -> new HandlerSpec.Command(a, cwd, env, memoryLimit));
    }

    private Optional<HandlerSpec> httpHandler(ConfigSection h) {
        h.allowOnly(Set.of("type", "method", "url", "headers", "body"));
        h.require("url");
        Optional<String> method = h.has("method") ? h.oneOf("method", "HTTP method", HTTP_METHODS) : Optional.of("GET");
        Optional<URI> url = h.string("url").flatMap(u -> httpUrl(h, u));
        Map<String, String> headers = h.stringMap("headers").orElse(Map.of());
        Optional<String> body = h.string("body");
        return method.flatMap(m -> url.map(u -> new HandlerSpec.Http(m, u, headers, body)));
    }

    private static Optional<URI> httpUrl(ConfigSection h, String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        h.problem("url", "expected an absolute http or https URL, got \"" + text + "\"");
        return Optional.empty();
    }

    private Optional<HandlerSpec> simulatedHandler(ConfigSection h) {
        h.allowOnly(Set.of("type", "failure-probability", "duration"));
        int before = problems.size();
        double failureProbability = h.fraction("failure-probability").orElse(0.0);
        Optional<Duration> duration = h.positiveDuration("duration", TaskBounds.MAX_TASK_DURATION);
        return problems.size() > before ? Optional.empty()
                : Optional.of(new HandlerSpec.Simulated(duration, failureProbability));
    }

    // ---- branches ----

    private List<Branch> readBranches(String name, ConfigSection task) {
        List<Branch> branches = new ArrayList<>();
        for (ConfigSection b : task.sections("branches").orElse(List.of())) {
            readBranch(name, b).ifPresent(branches::add);
        }
        return branches;
    }

    private Optional<Branch> readBranch(String from, ConfigSection b) {
        b.allowOnly(BRANCH_KEYS);
        b.require("on", "task");
        Optional<Branch.Condition> on = b.oneOf("on", "branch condition", BRANCH_CONDITIONS)
                .flatMap(Branch.Condition::fromId);
        Optional<String> value = b.string("value");
        on.ifPresent(condition -> checkBranchValue(b, condition, value));
        Optional<String> target = b.string("task");
        target.ifPresent(t -> references.add(new Reference(b.path("task"), from, t, Reference.Kind.BRANCH)));
        Map<String, String> parameters = b.stringMap("parameters").orElse(Map.of());
        return on.flatMap(c -> target.map(t -> new Branch(c, value, t, parameters)));
    }

    private static void checkBranchValue(ConfigSection b, Branch.Condition condition, Optional<String> value) {
        boolean needsValue = condition == Branch.Condition.RESULT_EQUALS || condition == Branch.Condition.RESULT_CONTAINS;
        if (needsValue && value.isEmpty() && !b.has("value")) {
            b.problem("value", "missing: a " + condition.id() + " branch needs the value to look for");
        } else if (!needsValue && value.isPresent()) {
            b.problem("value", "only result-equals and result-contains branches take a value");
        }
    }

    // ---- references between tasks ----

    private List<String> readReferences(String from, ConfigSection task, String key, Reference.Kind kind) {
        List<String> names = task.strings(key).orElse(List.of());
        for (int i = 0; i < names.size(); i++) {
            references.add(new Reference(task.path(key) + "[" + i + "]", from, names.get(i), kind));
        }
        return names;
    }

    private void checkReferences(ConfigSection tasks) {
        Set<String> names = tasks.keys();
        for (Reference ref : references) {
            if (!names.contains(ref.to())) {
                problems.add(new Problem(ref.path(), "unknown task \"" + ref.to() + "\"" + DidYouMean.suffix(ref.to(), names)));
            } else if (ref.to().equals(ref.from()) && ref.kind() != Reference.Kind.BRANCH) {
                problems.add(new Problem(ref.path(), ref.kind() == Reference.Kind.DEPENDENCY
                        ? "a task cannot depend on itself" : "a task cannot conflict with itself"));
            }
        }
        DependencyCycles.find(references).forEach(cycle -> problems.add(new Problem(
                tasks.path(cycle.get(0)) + ".dependencies", "dependency cycle: " + String.join(" -> ", cycle))));
    }

    /** Conflicts are mutual: each task gets every task that names it in its conflicts. */
    private static List<TaskSpec> mutualConflicts(List<TaskSpec> specs) {
        Map<String, Set<String>> conflicts = new LinkedHashMap<>();
        specs.forEach(s -> conflicts.put(s.name(), new LinkedHashSet<>(s.conflicts())));
        specs.forEach(s -> s.conflicts().forEach(other -> conflicts.get(other).add(s.name())));
        return specs.stream().map(s -> s.withConflicts(conflicts.get(s.name()))).toList();
    }
}
