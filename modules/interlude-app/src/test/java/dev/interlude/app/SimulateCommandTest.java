package dev.interlude.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

class SimulateCommandTest {

    /** The Martin Luther King Jr. Day weekend of 2026: Friday's close to Tuesday's open. */
    private static final String[] MLK = {"simulate", "--from", "2026-01-16T15:00-05:00", "--to",
            "2026-01-20T09:30-05:00"};

    /** The MLK weekend with {@code more} options; a --from or --to among them replaces the weekend's. */
    private static Cli.Result simulate(String... more) {
        List<String> args = new ArrayList<>(List.of(MLK));
        for (int i = 0; i < more.length; i++) {
            int at = args.indexOf(more[i]);
            if (at > 0 && i + 1 < more.length && more[i].matches("--from|--to")) {
                args.set(at + 1, more[++i]);
            } else {
                args.add(more[i]);
            }
        }
        return Cli.run(args.toArray(String[]::new));
    }

    private static JsonNode json(Cli.Result r) throws IOException {
        assertEquals(0, r.exitCode(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void the_table_shows_the_holiday_weekend_window_of_86_hours() {
        Cli.Result r = simulate();
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("Simulation of conf/tasks.conf on XNYS, 2026-01-16T15:00-05:00 to 2026-01-20T09:30-05:00, "
                + "seed 0, failure rate 0", lines.get(0));
        String header = lines.get(2);
        String row = lines.get(3);
        assertTrue(header.startsWith("start "), r.out());
        assertTrue(row.startsWith("2026-01-16T18:00-05:00  2026-01-20T08:00-05:00  holiday_weekend "), r.out());
        assertTrue(row.contains(" 86.0 h "), r.out());
        // Columns line up: every column of the header ends where the row's value ends.
        for (String column : List.of("budget", "busy", "util", "succeeded", "failed", "retried")) {
            int end = header.indexOf(" " + column + " ") + column.length() + 1;
            assertTrue(end > column.length(), column);
            assertEquals(' ', row.charAt(end), column + " in\n" + header + "\n" + row);
            assertTrue(row.charAt(end - 1) != ' ', column + " in\n" + header + "\n" + row);
        }
        assertEquals(header.indexOf("top block reasons"), row.indexOf("awaiting_approval"), r.out());
        assertTrue(lines.get(lines.size() - 1).matches("\\d+ run\\(s\\), \\d+ attempt\\(s\\): \\d+ succeeded.*"
                + "; 3d 18h 30m simulated in \\d+\\.\\d\\d s"), r.out());
        assertFalse(r.out().contains("INFO") || r.out().contains("WARN"), r.out());
    }

    @Test
    void json_has_the_windows_and_every_attempt() throws IOException {
        JsonNode sim = json(simulate("--json", "--seed", "7", "--failure-rate", "0.2"));
        assertEquals("2026-01-16T15:00-05:00", sim.get("from").asText());
        assertEquals("2026-01-20T09:30-05:00", sim.get("to").asText());
        assertEquals("XNYS", sim.get("calendar").asText());
        assertEquals(7, sim.get("seed").asLong());
        assertEquals(0.2, sim.get("failureRate").asDouble());
        JsonNode windows = sim.get("windows");
        assertEquals(1, windows.size(), windows.toString());
        JsonNode w = windows.get(0);
        assertEquals("2026-01-16T18:00-05:00", w.get("start").asText());
        assertEquals("2026-01-20T08:00-05:00", w.get("end").asText());
        assertEquals("holiday_weekend", w.get("budgetType").asText());
        assertEquals(86.0, w.get("totalHours").asDouble());
        double busy = w.get("busyHours").asDouble();
        assertTrue(busy > 0 && busy <= 86, w.toString());
        assertEquals(busy / 86, w.get("utilization").asDouble(), 0.001);
        for (String field : List.of("succeeded", "failed", "retried", "blockReasons")) {
            assertTrue(w.has(field), field);
        }
        JsonNode runs = sim.get("runs");
        assertTrue(runs.size() > 10, runs.toString());
        Set<String> outcomes = new TreeSet<>();
        for (JsonNode run : runs) {
            for (String field : List.of("runId", "task", "start", "end", "outcome", "attempt")) {
                assertTrue(run.has(field), field + " in " + run);
            }
            assertTrue(run.get("start").asText().matches("2026-01-\\d\\dT[0-9:.]+-05:00"), run.toString());
            outcomes.add(run.get("outcome").asText());
        }
        assertTrue(outcomes.contains("succeeded") && outcomes.contains("failed"), outcomes.toString());
    }

    @Test
    void the_same_arguments_give_the_same_json_byte_for_byte() {
        Cli.Result first = simulate("--json", "--seed", "11", "--failure-rate", "0.3");
        Cli.Result second = simulate("--json", "--seed", "11", "--failure-rate", "0.3");
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(first.out(), second.out());
        Cli.Result otherSeed = simulate("--json", "--seed", "12", "--failure-rate", "0.3");
        assertFalse(first.out().equals(otherSeed.out()), "the seed should change the failures");
    }

    @Test
    void html_is_one_self_contained_page_with_a_lane_per_task_that_ran(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("mlk.html");
        Cli.Result r = simulate("--html", page.toString(), "--seed", "7", "--failure-rate", "0.2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().endsWith("timeline: " + page + "\n"), r.out());
        String html = Files.readString(page);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(page.toFile());
        assertEquals("html", doc.getDocumentElement().getTagName());
        assertEquals(1, doc.getElementsByTagName("svg").getLength());
        assertEquals(1, doc.getElementsByTagName("style").getLength());
        assertEquals(0, doc.getElementsByTagName("script").getLength());
        assertEquals(0, doc.getElementsByTagName("link").getLength());
        assertEquals(0, doc.getElementsByTagName("img").getLength());

        JsonNode sim = json(simulate("--json", "--seed", "7", "--failure-rate", "0.2"));
        Set<String> ran = new TreeSet<>();
        sim.get("runs").forEach(run -> {
            if (run.get("start").asText().compareTo("2026-01-20T09:30") < 0) {
                ran.add(run.get("task").asText());
            }
        });
        assertEquals(ran, new TreeSet<>(texts(html, "lane")));
        assertEquals(List.of("market", "research windows"), texts(html, "lane band"));

        assertTrue(html.contains(">holiday weekend · 86 h · "), "window label");
        assertTrue(html.contains("% busy</text>"), "window label");
        assertTrue(html.contains(">closed · Martin Luther King Jr. Day</text>"), "holiday label");
        assertTrue(html.contains("<ul class=\"legend\">") && html.contains("failed for good"), "legend");
        assertTrue(html.contains("seed <b>7</b>") && html.contains("calendar <b>XNYS</b>"), "header");

        Matcher urls = Pattern.compile("(?i)https?://[^\"' )]*").matcher(html);
        while (urls.find()) {
            assertEquals("http://www.w3.org/2000/svg", urls.group(), "only the SVG namespace may be a URL");
        }
        Matcher widths = Pattern.compile("<rect class=\"run [a-z]+\" x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"([0-9.]+)\"")
                .matcher(html);
        int bars = 0;
        while (widths.find()) {
            bars++;
            assertTrue(Double.parseDouble(widths.group(1)) >= 2, "a bar narrower than 2 px: " + widths.group());
        }
        assertTrue(bars >= ran.size(), "bars: " + bars);
    }

    @Test
    void html_escapes_the_calendar_reasons(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, "interlude.calendar.overrides = [ { date = \"2026-01-16\", type = closed, "
                + "reason = \"Storm <Ana> & \\\"friends\\\"\" } ]\n");
        Path page = dir.resolve("storm.html");
        Cli.Result r = Cli.run("--config", conf.toString(), "simulate", "--from", "2026-01-15T12:00-05:00", "--to",
                "2026-01-18T12:00-05:00", "--html", page.toString());
        assertEquals(0, r.exitCode(), r.err());
        String html = Files.readString(page);
        assertTrue(html.contains("Storm &lt;Ana&gt; &amp; &quot;friends&quot;"), html);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(page.toFile());
        assertTrue(doc.getDocumentElement().getTextContent().contains("Storm <Ana> & \"friends\""));
    }

    /** The text of every SVG {@code <text>} element of the class, in order. */
    private static List<String> texts(String html, String cssClass) {
        Matcher m = Pattern.compile("<text class=\"" + Pattern.quote(cssClass) + "\"[^>]*>([^<]*)<").matcher(html);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--to 2026-01-16T15:00-05:00 | --to: must be after --from (2026-01-16T15:00-05:00), got 2026-01-16T15:00",
            "--to 2026-01-15T09:30-05:00 | --to: must be after --from (2026-01-16T15:00-05:00), got 2026-01-15T09:30",
            "--to 2027-01-18T15:00-05:00 | --to: the range may span at most 366 days, got 367d",
            "--from friday               | --from: expected \"now\" or an ISO-8601 instant such as 2026-11-18T20:00",
            "--to 2026-01-20T25:00       | --to: expected \"now\" or an ISO-8601 instant",
            "--failure-rate 1.5          | --failure-rate: expected a number from 0 to 1, got \"1.5\"",
            "--failure-rate -0.1         | --failure-rate: expected a number from 0 to 1, got \"-0.1\"",
            "--failure-rate often        | --failure-rate: expected a number from 0 to 1, got \"often\"",
            "--failure-rate NaN          | --failure-rate: expected a number from 0 to 1, got \"NaN\"",
            "--seed lucky                | --seed: expected a whole number, got \"lucky\"",
            "--tasks no/such/tasks.conf  | --tasks: no such file: no/such/tasks.conf",
            "--html no/such/dir/x.html   | --html: no such directory: ",
            "--html .                    | --html: is a directory: .",
    })
    void bad_input_is_one_line_naming_the_option(String option, String expected) {
        String[] parts = option.trim().split(" ", 2);
        Cli.Result r = simulate(parts[0], parts[1]);
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith(expected), r.err());
    }

    @Test
    void a_broken_catalog_is_reported_by_path(@TempDir Path dir) throws IOException {
        Path tasks = Files.writeString(dir.resolve("tasks.conf"), """
                tasks.refresh {
                  priority = URGENT, phases = [OVERNIGHT], trigger.type = manual, handler.type = simulated
                  dependencies = [reconcile]
                }
                """);
        Cli.Result r = simulate("--tasks", tasks.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.stream().allMatch(l -> l.startsWith("tasks.refresh.")), r.err());
        assertTrue(lines.contains("tasks.refresh.dependencies[0]: unknown task \"reconcile\""), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("tasks.refresh.priority: ")), r.err());
    }

    @Test
    void the_options_are_required_and_described() {
        Cli.Result missing = Cli.run("simulate", "--from", "2026-01-16T15:00-05:00");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("--to"), missing.err());

        Cli.Result help = Cli.run("simulate", "--help");
        assertEquals(0, help.exitCode(), help.err());
        for (String option : List.of("--from", "--to", "--tasks", "--seed", "--failure-rate", "--json", "--html")) {
            assertTrue(help.out().contains(option), option + " in\n" + help.out());
        }
    }
}
