package dev.interlude.testkit;

import dev.interlude.core.calendar.CalendarDay;
import dev.interlude.core.calendar.Session;
import dev.interlude.core.calendar.TradingCalendar;
import dev.interlude.core.plan.BlockReason;
import dev.interlude.core.task.TaskSpec;
import dev.interlude.core.window.BudgetType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * A simulation as one self-contained HTML page: a timeline of every run attempt (one lane per task, a bar per
 * attempt colored by how it ended), the market's sessions, holidays and early closes, and the research windows with
 * their budget and how busy they were; a header with the range and a summary per window, and a legend. Inline SVG
 * and CSS only: no script, no fonts, no network; every bar and band has a native tooltip (an SVG {@code <title>}).
 * The same result gives the same bytes.
 *
 * <pre>{@code
 * TimelineHtml.write(result, "MLK weekend", Path.of("target/mlk.html"));
 * }</pre>
 */
public final class TimelineHtml {

    private static final Locale EN = Locale.ENGLISH;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", EN);
    private static final DateTimeFormatter DAY_YEAR = DateTimeFormatter.ofPattern("EEE d MMM yyyy", EN);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", EN);
    private static final DateTimeFormatter DAY_YEAR_TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", EN);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", EN);

    private static final int LABEL_WIDTH = 190;
    private static final int RIGHT_MARGIN = 56;
    private static final int AXIS_HEIGHT = 44;
    private static final int BAND_LANE = 26;
    private static final int TASK_LANE = 24;
    private static final int BAR_HEIGHT = 14;
    private static final int GAP = 10;
    private static final double MIN_BAR = 2;
    private static final double CHAR_WIDTH = 6.3;
    /** Above this many windows the header sums them up by budget type. */
    private static final int WINDOWS_IN_HEADER = 8;

    private TimelineHtml() {
    }

    /** The page, titled "Interlude simulation". */
    public static String render(SimulationResult result) {
        return render(result, "Interlude simulation");
    }

    /** The page with {@code title} as its heading. */
    public static String render(SimulationResult result, String title) {
        return new Page(Objects.requireNonNull(result, "result"), Objects.requireNonNull(title, "title")).html();
    }

    /** Writes the page to {@code file} in UTF-8. */
    public static void write(SimulationResult result, String title, Path file) throws IOException {
        Files.writeString(file, render(result, title), StandardCharsets.UTF_8);
    }

    /** Text for XML: markup characters escaped, control characters other than tab and newline dropped. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The color of an attempt that ended this way. */
    static String color(RunOutcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> "#2f9e44";
            case FAILED -> "#f08c00";
            case ABANDONED -> "#e03131";
            case INTERRUPTED -> "#7048e8";
            case RUNNING -> "#1c7ed6";
        };
    }

    private static String words(BudgetType type) {
        return type.id().replace('_', ' ');
    }

    private static String hours(double hours) {
        double tenths = Math.round(hours * 10) / 10.0;
        return tenths == Math.rint(tenths) ? String.valueOf((long) tenths) + " h"
                : String.format(Locale.ROOT, "%.1f h", tenths);
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 100) + " %";
    }

    private static String num(double value) {
        String s = String.format(Locale.ROOT, "%.1f", value);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String human(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        long h = minutes / 60;
        long m = minutes % 60;
        if (h == 0) {
            return d.toSeconds() < 60 ? d.toSeconds() + " s" : m + " min";
        }
        return m == 0 ? h + " h" : h + " h " + m + " min";
    }

    /** A line of the summary table: one research window, or all windows of one budget type. */
    private record Summary(String name, String when, double budgetHours, double coveredHours, double busyHours,
                           int succeeded, int failed, int retried, List<BlockReason> topReasons, boolean partial) {

        double utilization() {
            return coveredHours <= 0 ? 0 : busyHours / coveredHours;
        }
    }

    /** One page: the header, the timeline, the legend. */
    private static final class Page {
        private final SimulationResult result;
        private final String title;
        private final ZoneId zone;
        private final TradingCalendar calendar;
        private final long fromMs;
        private final long spanMs;
        private final double plotWidth;
        private final StringBuilder out = new StringBuilder(64 * 1024);
        /** Where the market lane already has text. */
        private final List<Span> marketLabels = new ArrayList<>();

        Page(SimulationResult result, String title) {
            this.result = result;
            this.title = title;
            this.zone = result.zone();
            this.calendar = result.windows().calendar();
            this.fromMs = result.from().toEpochMilli();
            this.spanMs = Math.max(1, result.to().toEpochMilli() - fromMs);
            double hours = spanMs / 3_600_000.0;
            // A week fits a laptop's screen; longer ranges grow, less than linearly, and scroll sideways.
            this.plotWidth = Math.round(Math.max(1150, Math.min(hours * 6, 6000 + hours * 0.5)));
        }

        String html() {
            out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                    .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(CSS)
                    .append("</style>\n</head>\n<body>\n");
            header();
            out.append("<div class=\"chart\">\n");
            svg();
            out.append("</div>\n");
            legend();
            footer();
            out.append("</body>\n</html>\n");
            return out.toString();
        }

        // ---- header ----

        private void header() {
            long runs = result.runs().stream().map(SimulatedRun::runId).distinct().count();
            out.append("<header>\n<h1>").append(escape(title)).append("</h1>\n<p class=\"meta\">")
                    .append(escape(local(result.from(), DAY_YEAR_TIME))).append(" → ")
                    .append(escape(local(result.to(), DAY_YEAR_TIME))).append(" <span class=\"zone\">")
                    .append(escape(zone.getId())).append("</span>")
                    .append(" · calendar <b>").append(escape(calendar.id())).append("</b>")
                    .append(" · seed <b>").append(result.seed()).append("</b>")
                    .append(" · failure rate <b>").append(num(result.failureRate() * 100)).append(" %</b>")
                    .append(" · memory <b>").append(result.memoryMb()).append(" MiB</b>")
                    .append(" · <b>").append(runs).append("</b> run(s), <b>").append(result.runs().size())
                    .append("</b> attempt(s)");
            if (!result.crashes().isEmpty()) {
                out.append(" · <b>").append(result.crashes().size()).append("</b> crash(es)");
            }
            out.append("</p>\n</header>\n");
            summaryTable();
        }

        private void summaryTable() {
            List<Summary> rows = summaries();
            if (rows.isEmpty()) {
                out.append("<p class=\"note\">No research window in this range.</p>\n");
                return;
            }
            boolean byType = result.researchWindows().size() > WINDOWS_IN_HEADER;
            out.append("<table class=\"windows\">\n<thead><tr><th>")
                    .append(byType ? "research windows" : "research window")
                    .append("</th><th>when</th><th class=\"n\">budget</th><th class=\"n\">busy</th>"
                            + "<th>utilization</th><th class=\"n\">succeeded</th><th class=\"n\">failed</th>"
                            + "<th class=\"n\">retried</th><th>most frequent waits</th></tr></thead>\n<tbody>\n");
            for (Summary row : rows) {
                double u = Math.min(1, row.utilization());
                out.append("<tr><td class=\"type\">").append(escape(row.name()))
                        .append(row.partial() ? " <span class=\"partial\" title=\"the range covers only part of "
                                + "this window: busy hours and utilization are over the part it covers\">partial"
                                + "</span>" : "")
                        .append("</td><td>").append(escape(row.when())).append("</td><td class=\"n\">")
                        .append(hours(row.budgetHours())).append("</td><td class=\"n\">")
                        .append(hours(row.busyHours())).append("</td><td><span class=\"meter\"><span style=\"width:")
                        .append(num(u * 100)).append("%\"></span></span> ").append(percent(row.utilization()))
                        .append("</td><td class=\"n\">").append(row.succeeded()).append("</td><td class=\"n")
                        .append(row.failed() > 0 ? " bad" : "").append("\">").append(row.failed())
                        .append("</td><td class=\"n").append(row.retried() > 0 ? " warn" : "").append("\">")
                        .append(row.retried()).append("</td><td class=\"reasons\">")
                        .append(escape(row.topReasons().stream().map(BlockReason::label)
                                .collect(Collectors.joining(", "))))
                        .append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }

        private List<Summary> summaries() {
            List<WindowReport> windows = result.researchWindows();
            if (windows.size() <= WINDOWS_IN_HEADER) {
                return windows.stream().map(w -> new Summary(words(w.budgetType()),
                        w.start().format(DAY_TIME) + " → " + w.end().format(DAY_TIME), w.totalHours(),
                        w.coveredHours(), w.busyHours(), w.succeeded(), w.failed(), w.retried(),
                        w.topBlockReasons(3), !w.complete())).toList();
            }
            Map<BudgetType, List<WindowReport>> byType = new EnumMap<>(BudgetType.class);
            windows.forEach(w -> byType.computeIfAbsent(w.budgetType(), t -> new ArrayList<>()).add(w));
            List<Summary> rows = new ArrayList<>();
            byType.forEach((type, list) -> {
                Map<BlockReason, Integer> reasons = new EnumMap<>(BlockReason.class);
                list.forEach(w -> w.blockReasons().forEach((r, n) -> reasons.merge(r, n, Integer::sum)));
                List<BlockReason> top = reasons.entrySet().stream()
                        .sorted(Map.Entry.<BlockReason, Integer>comparingByValue().reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                        .limit(3).map(Map.Entry::getKey).toList();
                String when = list.get(0).start().format(DAY) + " → " + list.get(list.size() - 1).end().format(DAY);
                rows.add(new Summary(list.size() + " × " + words(type), when, sum(list, WindowReport::totalHours),
                        sum(list, WindowReport::coveredHours), sum(list, WindowReport::busyHours),
                        list.stream().mapToInt(WindowReport::succeeded).sum(),
                        list.stream().mapToInt(WindowReport::failed).sum(),
                        list.stream().mapToInt(WindowReport::retried).sum(), top,
                        list.stream().anyMatch(w -> !w.complete())));
            });
            return rows;
        }

        private static double sum(List<WindowReport> list, ToDoubleFunction<WindowReport> f) {
            return list.stream().mapToDouble(f).sum();
        }

        // ---- the timeline ----

        private void svg() {
            List<String> lanes = lanes();
            int marketTop = AXIS_HEIGHT;
            int researchTop = marketTop + BAND_LANE;
            int tasksTop = researchTop + BAND_LANE + GAP;
            int height = tasksTop + Math.max(1, lanes.size()) * TASK_LANE + 28;
            double width = LABEL_WIDTH + plotWidth + RIGHT_MARGIN;
            out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(width))
                    .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(num(width))
                    .append(' ').append(height).append("\" role=\"img\" aria-label=\"")
                    .append(escape("timeline of " + title)).append("\">\n");
            out.append("<defs><pattern id=\"closed\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                    + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fdecea\"/>"
                    + "<rect width=\"2\" height=\"6\" fill=\"#f3b4ab\"/></pattern>"
                    + "<pattern id=\"early\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                    + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#b7791f\"/>"
                    + "<rect width=\"2\" height=\"6\" fill=\"#d69e2e\"/></pattern></defs>\n");
            int bottom = tasksTop + Math.max(1, lanes.size()) * TASK_LANE;
            laneStripes(tasksTop, lanes.size());
            windowShading(researchTop, bottom);
            grid(bottom);
            axis();
            laneLabel("market", marketTop, BAND_LANE, "sessions: pre-market, regular hours, after hours");
            market(marketTop);
            laneLabel("research windows", researchTop, BAND_LANE, "budget type, budget hours, share of it busy");
            researchBands(researchTop);
            tasks(lanes, tasksTop);
            if (lanes.isEmpty()) {
                out.append("<text class=\"empty\" x=\"").append(num(LABEL_WIDTH + plotWidth / 2)).append("\" y=\"")
                        .append(tasksTop + 16).append("\" text-anchor=\"middle\">no run started in this range"
                                + "</text>\n");
            }
            crashes(marketTop, bottom);
            out.append("<rect class=\"frame\" x=\"").append(LABEL_WIDTH).append("\" y=\"").append(marketTop)
                    .append("\" width=\"").append(num(plotWidth)).append("\" height=\"").append(bottom - marketTop)
                    .append("\"/>\n</svg>\n");
        }

        /** Tasks with an attempt in the range, by first start, then in catalog order. */
        private List<String> lanes() {
            Map<String, Integer> order = new LinkedHashMap<>();
            List<TaskSpec> specs = result.catalog().tasks();
            for (int i = 0; i < specs.size(); i++) {
                order.put(specs.get(i).name(), i);
            }
            Map<String, Instant> first = new LinkedHashMap<>();
            for (SimulatedRun run : visibleRuns()) {
                first.putIfAbsent(run.task(), run.start());
            }
            return first.keySet().stream()
                    .sorted(Comparator.comparing((String t) -> first.get(t))
                            .thenComparing(t -> order.getOrDefault(t, Integer.MAX_VALUE)))
                    .toList();
        }

        private List<SimulatedRun> visibleRuns() {
            return result.runs().stream().filter(r -> r.start().isBefore(result.to())).toList();
        }

        private void laneStripes(int top, int lanes) {
            for (int i = 0; i < lanes; i++) {
                if (i % 2 == 1) {
                    out.append("<rect class=\"stripe\" x=\"0\" y=\"").append(top + i * TASK_LANE)
                            .append("\" width=\"").append(num(LABEL_WIDTH + plotWidth)).append("\" height=\"")
                            .append(TASK_LANE).append("\"/>\n");
                }
            }
        }

        private void windowShading(int top, int bottom) {
            for (WindowReport w : result.researchWindows()) {
                Span s = span(w.start().toInstant(), w.end().toInstant());
                if (s != null) {
                    out.append("<rect class=\"shade ").append(w.budgetType().id()).append("\" x=\"")
                            .append(num(s.x())).append("\" y=\"").append(top).append("\" width=\"")
                            .append(num(s.width())).append("\" height=\"").append(bottom - top).append("\"/>\n");
                }
            }
        }

        /** Midnight lines across every lane, and lighter lines every few hours when there is room. */
        private void grid(int bottom) {
            int step = hourStep();
            LocalDate last = result.to().atZone(zone).toLocalDate();
            for (LocalDate d = result.from().atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
                for (int hour = 0; hour < 24; hour += step) {
                    Instant t = d.atTime(hour, 0).atZone(zone).toInstant();
                    if (!t.isAfter(result.from()) || !t.isBefore(result.to())) {
                        continue;
                    }
                    boolean midnight = hour == 0;
                    double x = x(t);
                    out.append("<line class=\"").append(midnight ? "day" : "hour").append("\" x1=\"").append(num(x))
                            .append("\" y1=\"").append(midnight ? 4 : AXIS_HEIGHT - 8).append("\" x2=\"")
                            .append(num(x)).append("\" y2=\"").append(bottom).append("\"/>\n");
                    if (!midnight) {
                        out.append("<text class=\"tick\" x=\"").append(num(x)).append("\" y=\"")
                                .append(AXIS_HEIGHT - 11).append("\" text-anchor=\"middle\">")
                                .append(String.format(Locale.ROOT, "%02d:00", hour)).append("</text>\n");
                    }
                }
            }
        }

        /** Hours between grid lines: 3, 6 or 12 while days are wide enough, else days only (24). */
        private int hourStep() {
            double perHour = plotWidth / (spanMs / 3_600_000.0);
            for (int step : new int[] {3, 6, 12}) {
                if (perHour * step >= 44) {
                    return step;
                }
            }
            return 24;
        }

        /** The date of each day, centered on its visible part; days too narrow for it get fewer labels. */
        private void axis() {
            LocalDate first = result.from().atZone(zone).toLocalDate();
            LocalDate last = result.to().minusMillis(1).atZone(zone).toLocalDate();
            double perDay = plotWidth * 86_400_000.0 / spanMs;
            int every = perDay >= 80 ? 1 : (int) Math.ceil(80 / perDay);
            int i = 0;
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1), i++) {
                Span s = span(d.atStartOfDay(zone).toInstant(), d.plusDays(1).atStartOfDay(zone).toInstant());
                if (s == null || i % every != 0) {
                    continue;
                }
                String text = d.format(perDay >= 110 || every > 1 ? DAY : DateTimeFormatter.ofPattern("d MMM", EN));
                boolean fits = s.width() >= text.length() * CHAR_WIDTH || every > 1;
                if (fits) {
                    double x = every > 1 ? s.x() + 3 : s.x() + s.width() / 2;
                    out.append("<text class=\"date\" x=\"").append(num(x)).append("\" y=\"16\" text-anchor=\"")
                            .append(every > 1 ? "start" : "middle").append("\">").append(escape(text))
                            .append("</text>\n");
                }
            }
        }

        private void laneLabel(String text, int top, int height, String tooltip) {
            out.append("<text class=\"lane band\" x=\"").append(LABEL_WIDTH - 10).append("\" y=\"")
                    .append(num(top + height / 2.0 + 4)).append("\" text-anchor=\"end\">").append(escape(text))
                    .append("<title>").append(escape(tooltip)).append("</title></text>\n");
        }

        /** The sessions (extended hours light, regular hours dark, early closes hatched) and the closures. */
        private void market(int top) {
            LocalDate first = result.from().atZone(zone).toLocalDate().minusDays(1);
            LocalDate last = result.to().atZone(zone).toLocalDate();
            double y = top + 5;
            double h = BAND_LANE - 10;
            for (Session s : calendar.sessionsBetween(first, last)) {
                String day = s.date().format(DAY);
                String hoursText = s.open().format(TIME) + "–" + s.close().format(TIME);
                String regular = s.earlyClose()
                        ? day + ": early close, " + hoursText + (s.reason().isEmpty() ? "" : " (" + s.reason() + ")")
                        : day + ": regular session, " + hoursText;
                band("extended", s.preMarketOpen().toInstant(), s.open().toInstant(), y + 3, h - 6,
                        day + ": pre-market from " + s.preMarketOpen().format(TIME));
                band(s.earlyClose() ? "early" : "regular", s.open().toInstant(), s.close().toInstant(), y, h,
                        regular);
                band("extended", s.close().toInstant(), s.afterHoursEnd().toInstant(), y + 3, h - 6,
                        day + ": after hours until " + s.afterHoursEnd().format(TIME));
                if (s.earlyClose()) {
                    earlyCloseLabel(s, y + h / 2 + 4);
                }
            }
            weekends(first, last, y + h / 2 + 4);
            for (CalendarDay day : calendar.exceptionsBetween(first, last)) {
                if (day.status() != CalendarDay.Status.CLOSED) {
                    continue;
                }
                Instant start = day.date().atStartOfDay(zone).toInstant();
                Instant end = day.date().plusDays(1).atStartOfDay(zone).toInstant();
                String reason = day.reason().isEmpty() ? "closed" : day.reason();
                band("closed", start, end, y, h, day.date().format(DAY) + ": market closed, " + reason);
                Span at = span(start, end);
                if (at != null) {
                    String text = "closed · " + reason;
                    if (text.length() * CHAR_WIDTH > at.width() - 8) {
                        text = "closed";
                    }
                    if (text.length() * CHAR_WIDTH <= at.width() - 8) {
                        out.append("<text class=\"closed-label\" x=\"").append(num(at.x() + at.width() / 2))
                                .append("\" y=\"").append(num(y + h / 2 + 4)).append("\" text-anchor=\"middle\">")
                                .append(escape(text)).append("</text>\n");
                    }
                }
            }
        }

        /** "early close 13:00 · reason" after the day's after hours, as much of it as there is room for. */
        private void earlyCloseLabel(Session s, double baseline) {
            Instant after = s.afterHoursEnd().toInstant();
            if (!after.isBefore(result.to()) || after.isBefore(result.from())) {
                return;
            }
            Instant next = calendar.session(calendar.nextTradingDay(s.date()))
                    .map(n -> n.preMarketOpen().toInstant()).orElse(result.to());
            double x = x(after) + 6;
            double room = x(next.isBefore(result.to()) ? next : result.to()) - x - 6;
            String close = "early close " + s.close().format(TIME);
            String text = fitting(room, s.reason().isEmpty() ? close : close + " · " + s.reason(), close,
                    s.close().format(TIME) + " close");
            if (text != null) {
                marketLabels.add(new Span(x, text.length() * CHAR_WIDTH));
                out.append("<text class=\"early-label\" x=\"").append(num(x)).append("\" y=\"")
                        .append(num(baseline)).append("\">").append(escape(text)).append("</text>\n");
            }
        }

        /** "weekend" over each run of weekend days, faintly: the market lane is empty there by design. */
        private void weekends(LocalDate first, LocalDate last, double baseline) {
            LocalDate d = first;
            while (!d.isAfter(last)) {
                if (calendar.day(d).status() != CalendarDay.Status.WEEKEND) {
                    d = d.plusDays(1);
                    continue;
                }
                LocalDate start = d;
                while (!d.isAfter(last) && calendar.day(d).status() == CalendarDay.Status.WEEKEND) {
                    d = d.plusDays(1);
                }
                Span at = span(start.atStartOfDay(zone).toInstant(), d.atStartOfDay(zone).toInstant());
                if (at != null && at.width() >= 60 && marketLabels.stream().noneMatch(l -> l.overlaps(at))) {
                    out.append("<text class=\"weekend-label\" x=\"").append(num(at.x() + at.width() / 2))
                            .append("\" y=\"").append(num(baseline))
                            .append("\" text-anchor=\"middle\">weekend</text>\n");
                }
            }
        }

        private void band(String css, Instant start, Instant end, double y, double h, String tooltip) {
            Span s = span(start, end);
            if (s == null) {
                return;
            }
            out.append("<rect class=\"").append(css).append("\" x=\"").append(num(s.x())).append("\" y=\"")
                    .append(num(y)).append("\" width=\"").append(num(s.width())).append("\" height=\"")
                    .append(num(h)).append("\" rx=\"2\"><title>").append(escape(tooltip)).append("</title></rect>\n");
        }

        private void researchBands(int top) {
            for (WindowReport w : result.researchWindows()) {
                Span s = span(w.start().toInstant(), w.end().toInstant());
                if (s == null) {
                    continue;
                }
                String type = words(w.budgetType());
                String busy = percent(w.utilization()) + " busy";
                String full = type + " · " + hours(w.totalHours()) + " · " + busy;
                String tooltip = full + (w.complete() ? "" : " (of the " + hours(w.coveredHours())
                        + " in range)") + "\n" + w.start().format(DAY_TIME) + " → " + w.end().format(DAY_TIME)
                        + "\n" + hours(w.busyHours()) + " busy · " + w.succeeded() + " succeeded · " + w.failed()
                        + " failed · " + w.retried() + " retried";
                out.append("<g class=\"window\"><title>").append(escape(tooltip)).append("</title><rect class=\"band ")
                        .append(w.budgetType().id()).append("\" x=\"").append(num(s.x() + 1)).append("\" y=\"")
                        .append(top + 4).append("\" width=\"").append(num(Math.max(1, s.width() - 2)))
                        .append("\" height=\"").append(BAND_LANE - 8).append("\" rx=\"3\"/>");
                String text = fitting(s.width() - 10, full, hours(w.totalHours()) + " · " + busy,
                        percent(w.utilization()));
                if (text != null) {
                    out.append("<text class=\"window-label\" x=\"").append(num(s.x() + s.width() / 2))
                            .append("\" y=\"").append(top + BAND_LANE / 2 + 4).append("\" text-anchor=\"middle\">")
                            .append(escape(text)).append("</text>");
                }
                out.append("</g>\n");
            }
        }

        private static String fitting(double width, String... texts) {
            for (String text : texts) {
                if (text.length() * CHAR_WIDTH <= width) {
                    return text;
                }
            }
            return null;
        }

        private void tasks(List<String> lanes, int top) {
            Map<String, List<SimulatedRun>> byTask = visibleRuns().stream()
                    .collect(Collectors.groupingBy(SimulatedRun::task, LinkedHashMap::new, Collectors.toList()));
            for (int i = 0; i < lanes.size(); i++) {
                String task = lanes.get(i);
                List<SimulatedRun> runs = byTask.get(task);
                int y = top + i * TASK_LANE;
                long distinct = runs.stream().map(SimulatedRun::runId).distinct().count();
                out.append("<text class=\"lane\" x=\"").append(LABEL_WIDTH - 10).append("\" y=\"")
                        .append(y + TASK_LANE / 2 + 4).append("\" text-anchor=\"end\">").append(escape(task))
                        .append("</text>\n");
                out.append("<text class=\"count\" x=\"").append(num(LABEL_WIDTH + plotWidth + 8)).append("\" y=\"")
                        .append(y + TASK_LANE / 2 + 4).append("\">×").append(distinct).append("<title>")
                        .append(distinct).append(" run(s), ").append(runs.size())
                        .append(" attempt(s)</title></text>\n");
                for (SimulatedRun run : runs) {
                    bar(run, y + (TASK_LANE - BAR_HEIGHT) / 2.0);
                }
            }
        }

        private void bar(SimulatedRun run, double y) {
            Instant end = run.endOr(result.to());
            Span s = span(run.start(), end.isAfter(run.start()) ? end : run.start());
            double x = s == null ? x(run.start()) : s.x();
            double width = s == null ? 0 : s.width();
            if (width < MIN_BAR) {
                x = Math.min(x, LABEL_WIDTH + plotWidth - MIN_BAR);
                width = MIN_BAR;
            }
            String tooltip = run.task() + " · attempt " + run.attempt() + " · " + run.outcome().label() + "\n"
                    + local(run.start(), DAY_TIME) + " → " + run.end().map(e -> local(e, DAY_TIME)).orElse("…")
                    + " (" + human(run.duration(result.to())) + ")\n" + run.runId()
                    + (run.detail().isEmpty() ? "" : "\n" + run.detail());
            out.append("<rect class=\"run ").append(run.outcome().id()).append("\" x=\"").append(num(x))
                    .append("\" y=\"").append(num(y)).append("\" width=\"").append(num(width)).append("\" height=\"")
                    .append(BAR_HEIGHT).append("\" rx=\"2\" fill=\"").append(color(run.outcome()))
                    .append("\"><title>").append(escape(tooltip)).append("</title></rect>\n");
        }

        private void crashes(int top, int bottom) {
            for (Instant crash : result.crashes()) {
                double x = x(crash);
                out.append("<line class=\"crash\" x1=\"").append(num(x)).append("\" y1=\"").append(top)
                        .append("\" x2=\"").append(num(x)).append("\" y2=\"").append(bottom).append("\"><title>")
                        .append(escape("node crashed at " + local(crash, DAY_TIME))).append("</title></line>\n");
            }
        }

        // ---- legend and footer ----

        private void legend() {
            out.append("<ul class=\"legend\">\n");
            for (RunOutcome outcome : RunOutcome.values()) {
                swatch("background:" + color(outcome), outcome.label());
            }
            swatch("background:#5c6f82", "market session");
            swatch("background:repeating-linear-gradient(45deg,#b7791f 0 2px,#d69e2e 2px 6px)", "early close");
            swatch("background:#cfd8e3", "extended hours");
            swatch("background:repeating-linear-gradient(45deg,#f3b4ab 0 2px,#fdecea 2px 6px)", "market closed");
            swatch("background:#dfe8f6", "research window");
            swatch("background:#e9def7", "holiday research window");
            if (!result.crashes().isEmpty()) {
                swatch("background:repeating-linear-gradient(90deg,#c92a2a 0 4px,transparent 4px 7px);height:2px",
                        "node crash");
            }
            out.append("</ul>\n");
        }

        private void swatch(String style, String text) {
            out.append("<li><span class=\"swatch\" style=\"").append(style).append("\"></span>")
                    .append(escape(text)).append("</li>\n");
        }

        private void footer() {
            List<String> idle = result.catalog().tasks().stream().map(TaskSpec::name)
                    .filter(name -> visibleRuns().stream().noneMatch(r -> r.task().equals(name))).toList();
            out.append("<footer>\n");
            if (!idle.isEmpty()) {
                out.append("<p>Not started in this range: ").append(escape(String.join(", ", idle)))
                        .append(".</p>\n");
            }
            out.append("<p>Simulated on virtual time: the real supervisor and task runners, every handler simulated "
                    + "for its estimated duration. Times in ").append(escape(zone.getId()))
                    .append(". Hover a bar or a band for details.</p>\n</footer>\n");
        }

        // ---- geometry ----

        /** The horizontal part of the plot an interval covers, clipped to the range; null when outside it. */
        private record Span(double x, double width) {
            boolean overlaps(Span other) {
                return x < other.x + other.width && other.x < x + width;
            }
        }

        private Span span(Instant start, Instant end) {
            Instant from = start.isBefore(result.from()) ? result.from() : start;
            Instant to = end.isAfter(result.to()) ? result.to() : end;
            if (to.isBefore(from) || (to.equals(from) && !start.equals(end))) {
                return null;
            }
            double x1 = x(from);
            return new Span(x1, x(to) - x1);
        }

        private double x(Instant at) {
            return LABEL_WIDTH + (at.toEpochMilli() - fromMs) * plotWidth / spanMs;
        }

        private String local(Instant at, DateTimeFormatter format) {
            return at.atZone(zone).format(format);
        }
    }

    private static final String CSS = """
            :root { color-scheme: light; }
            body { margin: 24px 32px; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
              Arial, sans-serif; color: #1f2933; background: #fff; }
            h1 { font-size: 20px; font-weight: 600; margin: 0 0 4px; }
            .meta { margin: 0 0 16px; color: #52606d; }
            .meta b { color: #1f2933; font-weight: 600; }
            .zone { color: #7b8794; }
            table.windows { border-collapse: collapse; margin: 0 0 18px; }
            table.windows th { text-align: left; font-weight: 600; color: #52606d; font-size: 11px;
              text-transform: uppercase; letter-spacing: .04em; padding: 4px 14px 4px 0;
              border-bottom: 1px solid #d9e2ec; }
            table.windows td { padding: 5px 14px 5px 0; border-bottom: 1px solid #f0f4f8;
              font-variant-numeric: tabular-nums; white-space: nowrap; }
            table.windows .n { text-align: right; }
            table.windows .type { font-weight: 600; }
            table.windows .reasons { color: #52606d; white-space: normal; }
            td.bad { color: #c92a2a; font-weight: 600; }
            td.warn { color: #d9480f; font-weight: 600; }
            .partial { font-weight: 400; font-size: 11px; color: #7b8794; border: 1px solid #cbd2d9;
              border-radius: 3px; padding: 0 4px; }
            .meter { display: inline-block; width: 90px; height: 8px; background: #e4e7eb; border-radius: 4px;
              vertical-align: middle; overflow: hidden; }
            .meter span { display: block; height: 100%; background: #3e7cb1; }
            .chart { overflow-x: auto; border: 1px solid #e4e7eb; border-radius: 6px; padding: 8px 0 0; }
            svg { display: block; font-family: inherit; }
            svg text { font-size: 11.5px; fill: #323f4b; }
            svg text.date { font-weight: 600; font-size: 12px; fill: #1f2933; }
            svg text.tick { font-size: 10.5px; fill: #7b8794; }
            svg text.lane { font-size: 12px; }
            svg text.band { fill: #52606d; font-style: italic; }
            svg text.count { font-size: 11px; fill: #9aa5b1; }
            svg text.window-label { font-size: 11.5px; font-weight: 600; fill: #243b53; }
            svg text.closed-label { font-size: 11px; font-weight: 600; fill: #a61e1e; }
            svg text.early-label { font-size: 11px; font-weight: 600; fill: #8a5a00; }
            svg text.weekend-label { font-size: 11px; font-style: italic; fill: #9aa5b1; }
            svg text.empty { fill: #9aa5b1; font-style: italic; }
            svg line.day { stroke: #9aa5b1; stroke-width: 1; }
            svg line.hour { stroke: #e4e7eb; stroke-width: 1; }
            svg line.crash { stroke: #c92a2a; stroke-width: 2; stroke-dasharray: 4 3; }
            svg rect.frame { fill: none; stroke: #cbd2d9; }
            svg rect.stripe { fill: #f7f9fb; }
            svg rect.shade.overnight, svg rect.shade.weekend { fill: #3e7cb1; fill-opacity: .07; }
            svg rect.shade.holiday, svg rect.shade.holiday_weekend { fill: #7048e8; fill-opacity: .07; }
            svg rect.band.overnight, svg rect.band.weekend { fill: #dfe8f6; stroke: #a9c1e0; }
            svg rect.band.holiday, svg rect.band.holiday_weekend { fill: #e9def7; stroke: #bba5e6; }
            svg rect.regular { fill: #5c6f82; }
            svg rect.early { fill: url(#early); }
            svg rect.extended { fill: #cfd8e3; }
            svg rect.closed { fill: url(#closed); stroke: #f3b4ab; }
            svg rect.run { stroke: rgba(0, 0, 0, .18); stroke-width: .5; }
            svg rect.run:hover, svg g.window:hover rect { stroke: #1f2933; stroke-width: 1.5; }
            ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0;
              margin: 12px 0 8px; color: #3e4c59; }
            ul.legend li { display: flex; align-items: center; gap: 6px; }
            .swatch { display: inline-block; width: 18px; height: 11px; border-radius: 2px;
              border: 1px solid rgba(0, 0, 0, .12); }
            footer { color: #7b8794; font-size: 12px; }
            footer p { margin: 4px 0; }
            """;
}
