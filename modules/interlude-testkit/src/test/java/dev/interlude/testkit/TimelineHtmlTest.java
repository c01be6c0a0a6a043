package dev.interlude.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.core.task.CatalogLoader;
import dev.interlude.core.task.TaskCatalog;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TimelineHtmlTest {

    private static SimulationResult thanksgiving;

    /** Thanksgiving week 2026: an overnight, the holiday (closed Thursday), Friday's early close, the weekend. */
    @BeforeAll
    static void simulate() {
        TaskCatalog desk = CatalogLoader.loadFile(java.nio.file.Path.of("../../conf/tasks.conf"),
                Simulation.XNYS.zone());
        thanksgiving = Simulation.of(desk).seed(3).failureRate(0.25).from("2026-11-24T12:00-05:00")
                .runUntil("2026-11-30T10:00-05:00");
    }

    private static Document parse(String html) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document doc, String cssClass) {
        List<String> found = new ArrayList<>();
        NodeList texts = doc.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element text = (Element) texts.item(i);
            if (text.getAttribute("class").equals(cssClass)) {
                found.add(text.getFirstChild().getNodeValue());
            }
        }
        return found;
    }

    @Test
    void escapes_markup_and_drops_control_characters() {
        assertEquals("a&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;\n", TimelineHtml.escape("a<b> & \"c\" 'd'\u0007\n"));
    }

    @Test
    void the_calendar_and_the_windows_are_marked_and_labelled() throws Exception {
        String html = TimelineHtml.render(thanksgiving, "Thanksgiving <week>");
        Document doc = parse(html);
        assertEquals("Thanksgiving <week>", doc.getElementsByTagName("h1").item(0).getTextContent());
        assertEquals(List.of("closed · Thanksgiving Day"), texts(doc, "closed-label"));
        assertEquals(List.of("early close 13:00 · Day after Thanksgiving"), texts(doc, "early-label"));
        List<String> windows = texts(doc, "window-label");
        assertEquals(3, windows.size(), windows.toString());
        assertTrue(windows.get(1).startsWith("holiday · 38 h · "), windows.toString());
        assertTrue(windows.get(2).startsWith("weekend · 65 h · "), windows.toString());
        assertTrue(html.contains("<rect class=\"regular\""), "regular sessions");
        assertTrue(html.contains("<rect class=\"early\""), "the early close");
    }

    @Test
    void one_lane_per_task_in_the_order_they_first_ran_and_a_bar_per_attempt() throws Exception {
        Document doc = parse(TimelineHtml.render(thanksgiving));
        List<String> catalog = thanksgiving.catalog().tasks().stream().map(t -> t.name()).toList();
        LinkedHashSet<String> byFirstStart = new LinkedHashSet<>();
        thanksgiving.runs().stream().filter(r -> r.start().isBefore(thanksgiving.to()))
                .sorted(Comparator.comparing(SimulatedRun::start).thenComparing(r -> catalog.indexOf(r.task())))
                .forEach(r -> byFirstStart.add(r.task()));
        assertEquals(List.copyOf(byFirstStart), texts(doc, "lane"));

        NodeList rects = doc.getElementsByTagName("rect");
        int bars = 0;
        int failed = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.getAttribute("class").startsWith("run ")) {
                bars++;
                assertTrue(Double.parseDouble(rect.getAttribute("width")) >= 2, "too thin: " + rect.getAttribute("x"));
                assertTrue(rect.getElementsByTagName("title").getLength() == 1, "a bar without a tooltip");
                failed += rect.getAttribute("class").equals("run failed") ? 1 : 0;
            }
        }
        assertEquals(thanksgiving.runs().stream().filter(r -> r.start().isBefore(thanksgiving.to())).count(), bars);
        assertTrue(failed > 0, "the failure rate should show failed attempts");
    }

    @Test
    void the_same_result_gives_the_same_page() {
        assertEquals(TimelineHtml.render(thanksgiving), TimelineHtml.render(thanksgiving));
    }
}
