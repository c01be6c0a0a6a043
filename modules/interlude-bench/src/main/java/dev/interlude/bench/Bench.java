package dev.interlude.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.interlude.engine.CommonPool;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Interlude's benchmark harness: runs the scenarios of docs/BENCHMARKS.md against a real node in this JVM and
 * prints a table per scenario (metric, value, target), or one JSON document. Targets are shown, never asserted: a
 * scenario that fails prints its error and the others still run; the exit code is non-zero only when the harness
 * itself cannot run (bad options).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs Interlude's benchmark scenarios against a real node in this JVM (see docs/BENCHMARKS.md).",
        footer = {"", "Scenarios: throughput (a), lateness (b), planner (c), recovery (d), heap (e), sse (f), "
                + "weekend (g); all by default."})
public final class Bench implements Callable<Integer> {

    /** What every scenario is given. */
    record Options(boolean quick, Postgres postgres, Path work) {
    }

    @FunctionalInterface
    interface Scenario {
        void run(Options options, Report report) throws Exception;
    }

    private record Entry(String name, String letter, String title, Scenario scenario) {
    }

    private static final List<Entry> SCENARIOS = List.of(
            new Entry("throughput", "a", "immediate runs end to end, H2 and PostgreSQL, and Quartz JDBC",
                    Throughput::run),
            new Entry("lateness", "b", "start lateness of per-second cron and interval triggers at ~1,000 runs/s",
                    StartLateness::run),
            new Entry("planner", "c", "one planning decision over 10,000 tasks in each phase", PlannerTimes::run),
            new Entry("recovery", "d", "a fresh supervisor recovering a long journal on PostgreSQL", Recovery::run),
            new Entry("heap", "e", "heap held by queued runs", QueuedHeap::run),
            new Entry("sse", "f", "status feed fan-out to server-sent-event subscribers", Bench::sseFanOut),
            new Entry("weekend", "g", "the four-day MLK 2026 holiday weekend simulated on virtual time",
                    WeekendSimulation::run));

    @Option(names = "--quick", description = "Small sizes and short runs (all scenarios in about two minutes): a "
            + "smoke test, not a measurement.")
    boolean quick;

    @Option(names = "--scenario", paramLabel = "NAME", description = "Run only this scenario (by name or letter); "
            + "repeatable.")
    List<String> only = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON document on standard output (the tables go to standard "
            + "error).")
    boolean json;

    @Option(names = "--postgres-url", paramLabel = "URL", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test",
            description = "The PostgreSQL database for the PostgreSQL scenarios and Quartz (default: ${DEFAULT-VALUE}); "
                    + "each scenario makes and drops its own schema in it.")
    String postgresUrl;

    @Option(names = "--postgres-user", paramLabel = "USER", defaultValue = "postgres",
            description = "Who logs in (trust authentication; default: ${DEFAULT-VALUE}).")
    String postgresUser;

    public static void main(String[] args) {
        CommonPool.shareThreads(); // first: before anything makes the JDK's common pool
        int code = new CommandLine(new Bench()).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws IOException {
        List<Entry> chosen = new ArrayList<>();
        for (String name : only) {
            String key = name.toLowerCase(Locale.ROOT);
            Entry entry = SCENARIOS.stream().filter(e -> e.name().equals(key) || e.letter().equals(key)).findFirst()
                    .orElse(null);
            if (entry == null) {
                System.err.println("--scenario: unknown scenario \"" + name + "\", expected one of "
                        + String.join(", ", SCENARIOS.stream().map(Entry::name).toList()));
                return 2;
            }
            if (!chosen.contains(entry)) {
                chosen.add(entry);
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SCENARIOS);
        }
        PrintStream tables = json ? System.err : System.out;
        Map<String, Object> machine = machine();
        tables.printf("Interlude benchmarks%s, %s: %s cores, max heap %s MB, Java %s (GC %s), %s%n",
                quick ? " (quick)" : "", machine.get("date"), machine.get("cores"), machine.get("maxHeapMb"),
                machine.get("java"), machine.get("gc"), machine.get("os"));
        Path work = Files.createTempDirectory("interlude-bench");
        Options options = new Options(quick, new Postgres(postgresUrl, postgresUser), work);
        List<Report> reports = new ArrayList<>();
        try {
            for (Entry entry : chosen) {
                System.err.println("-- running " + entry.name() + " (" + entry.letter() + ")");
                Report report = new Report(entry.name(), entry.title());
                long started = System.nanoTime();
                try {
                    entry.scenario().run(options, report);
                } catch (Exception | OutOfMemoryError | LinkageError | AssertionError e) {
                    report.error = describe(e);
                }
                report.seconds = (System.nanoTime() - started) / 1e9;
                reports.add(report);
                tables.println(report.table());
            }
        } finally {
            delete(work);
        }
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("machine", machine);
            document.put("quick", quick);
            document.put("scenarios", reports.stream().map(Report::json).toList());
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(document));
        }
        return 0;
    }

    /** (f) The status feed's fan-out, measured by {@link SseFanOut}. */
    private static void sseFanOut(Options options, Report report) {
        Map<String, Object> measured = SseFanOut.run(options.quick());
        measured.forEach((name, value) -> report.metric(name, value, ""));
        report.note("target: p99 <= 100 ms from a status event to 1,000 subscribers");
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));
        machine.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return machine;
    }

    static String describe(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof java.util.concurrent.ExecutionException
                || cause instanceof java.util.concurrent.CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
