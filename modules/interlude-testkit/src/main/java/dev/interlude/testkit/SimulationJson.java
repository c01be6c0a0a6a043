package dev.interlude.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a simulation, shared by {@code interlude simulate --json} and {@code interlude plan --hours
 * --json}: {@code windows} (each {@code start}, {@code end}, {@code budgetType}, {@code totalHours},
 * {@code busyHours}, {@code utilization}, ...) and {@code runs} (each {@code runId}, {@code task}, {@code start},
 * {@code end}, {@code outcome}, {@code attempt}), instants in ISO-8601 with the exchange's offset. Only what the
 * simulation decided goes in, never the wall time, so the same simulation writes the same bytes.
 */
public final class SimulationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SimulationJson() {
    }

    public static String write(SimulationResult result) {
        try {
            return MAPPER.writeValueAsString(tree(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the simulation as JSON", e);
        }
    }

    /** The JSON as maps and lists, for callers that add to it before writing. */
    public static Map<String, Object> tree(SimulationResult result) {
        ZoneId zone = result.zone();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("from", time(result.from(), zone));
        root.put("to", time(result.to(), zone));
        root.put("calendar", result.windows().calendar().id());
        root.put("seed", result.seed());
        root.put("failureRate", result.failureRate());
        root.put("memoryMb", result.memoryMb());
        root.put("crashes", result.crashes().stream().map(c -> time(c, zone)).toList());
        List<Object> windows = new ArrayList<>();
        for (WindowReport w : result.researchWindows()) {
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("start", w.start().toOffsetDateTime().toString());
            window.put("end", w.end().toOffsetDateTime().toString());
            window.put("budgetType", w.budgetType().id());
            window.put("totalHours", round(w.totalHours()));
            window.put("coveredHours", round(w.coveredHours()));
            window.put("busyHours", round(w.busyHours()));
            window.put("utilization", round(w.utilization()));
            window.put("succeeded", w.succeeded());
            window.put("failed", w.failed());
            window.put("retried", w.retried());
            Map<String, Integer> reasons = new LinkedHashMap<>();
            w.blockReasons().forEach((reason, count) -> reasons.put(reason.id(), count));
            window.put("blockReasons", reasons);
            windows.add(window);
        }
        root.put("windows", windows);
        List<Object> runs = new ArrayList<>();
        for (SimulatedRun r : result.runs()) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("runId", r.runId());
            run.put("task", r.task());
            run.put("start", time(r.start(), zone));
            run.put("end", r.end().map(e -> time(e, zone)).orElse(null));
            run.put("outcome", r.outcome().id());
            run.put("attempt", r.attempt());
            runs.add(run);
        }
        root.put("runs", runs);
        return root;
    }

    static String time(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime().toString();
    }

    private static BigDecimal round(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
