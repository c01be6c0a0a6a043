package dev.interlude.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured: its metrics in the order they were taken (each with its unit and, where the project
 * has one, its target, which is printed beside it and never checked), what a reader needs to know about how, and the
 * error that stopped it, if one did.
 */
final class Report {

    /**
     * @param value  a number (printed with its unit) or a short text
     * @param target the project's target for it, or empty
     */
    record Metric(String name, Object value, String unit, String target) {
    }

    final String scenario;
    final String title;
    final List<Metric> metrics = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    String error;
    double seconds;

    Report(String scenario, String title) {
        this.scenario = scenario;
        this.title = title;
    }

    Report metric(String name, Object value, String unit, String target) {
        metrics.add(new Metric(name, value, unit, target));
        return this;
    }

    Report metric(String name, Object value, String unit) {
        return metric(name, value, unit, "");
    }

    Report note(String note) {
        notes.add(note);
        return this;
    }

    /** Rounds for display and for the JSON: a few significant digits are all a shared 2-core machine gives. */
    static double round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double magnitude = Math.abs(value);
        double scale = magnitude >= 100 ? 1 : magnitude >= 10 ? 10 : magnitude >= 1 ? 100 : 1000;
        return Math.round(value * scale) / scale;
    }

    /** A number as the tables show it: rounded, without a trailing {@code .0}. */
    static String num(double value) {
        String shown = String.valueOf(round(value));
        return shown.endsWith(".0") ? shown.substring(0, shown.length() - 2) : shown;
    }

    /** The report as a table: metric, value, target. */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append("== ").append(scenario).append(": ").append(title)
                .append(String.format(" (%.1f s)%n", seconds));
        if (!metrics.isEmpty()) {
            int nameWidth = Math.max(6, metrics.stream().mapToInt(m -> m.name().length()).max().orElse(6));
            List<String> values = metrics.stream().map(Report::shown).toList();
            int valueWidth = Math.max(5, values.stream().mapToInt(String::length).max().orElse(5));
            out.append(String.format("  %-" + nameWidth + "s  %-" + valueWidth + "s  %s%n", "metric", "value",
                    "target"));
            for (int i = 0; i < metrics.size(); i++) {
                Metric m = metrics.get(i);
                out.append(String.format("  %-" + nameWidth + "s  %-" + valueWidth + "s  %s%n", m.name(),
                        values.get(i), m.target()).stripTrailing()).append('\n');
            }
        }
        for (String note : notes) {
            out.append("  note: ").append(note).append('\n');
        }
        if (error != null) {
            out.append("  FAILED: ").append(error).append('\n');
        }
        return out.toString();
    }

    private static String shown(Metric m) {
        String value = m.value() instanceof Double d ? num(d) : String.valueOf(m.value());
        return m.unit().isEmpty() ? value : value + " " + m.unit();
    }

    /** The report for the JSON document. */
    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", scenario);
        out.put("title", title);
        out.put("seconds", round(seconds));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Metric m : metrics) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", m.name());
            row.put("value", m.value() instanceof Double d ? round(d) : m.value());
            row.put("unit", m.unit());
            if (!m.target().isEmpty()) {
                row.put("target", m.target());
            }
            rows.add(row);
        }
        out.put("metrics", rows);
        out.put("notes", notes);
        if (error != null) {
            out.put("error", error);
        }
        return out;
    }
}
