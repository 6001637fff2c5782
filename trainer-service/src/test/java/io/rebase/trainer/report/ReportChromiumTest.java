package io.rebase.trainer.report;

import io.rebase.contracts.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders reports in headless Chromium (Debian package {@code chromium}, installed by {@code .ci/run}) and checks, on
 * the laid-out page, that every section is present and every plot and table has content. A probe script appended
 * to a copy of the page measures each SVG's drawn marks with {@code getBBox()} and counts table rows; the DOM dumped
 * after it ran carries the figures. In CI ({@code CI=true}) a missing Chromium fails the test; elsewhere it skips.
 * Screenshots are left in {@code target/report-screenshots} for a look.
 */
class ReportChromiumTest {

    private static final String PROBE = """
            <script>
            const out = {};
            document.querySelectorAll('section').forEach(s => {
              const plots = [...s.querySelectorAll('svg')].map(g => {
                const marks = [...g.querySelectorAll('polyline.series, circle, rect, line.reference')];
                const drawn = marks.filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length;
                const box = g.getBoundingClientRect();
                return {marks: marks.length, drawn: drawn, width: box.width, height: box.height};
              });
              const tables = [...s.querySelectorAll('table')].map(t => t.rows.length);
              out[s.id] = {plots: plots, tables: tables, visible: s.getBoundingClientRect().height > 0};
            });
            const pre = document.createElement('pre');
            pre.id = 'probe';
            pre.textContent = JSON.stringify(out);
            document.body.appendChild(pre);
            </script>""";

    @TempDir
    Path dir;

    @Test
    void aShortClassificationReportRendersEverySectionWithContent() throws Exception {
        Map<String, Map<String, Object>> probe = render("short-classification",
                ReportWriter.html(SampleTasks.shortClassification(), SampleTasks.classificationItems()));
        assertThat(probe.keySet()).contains("summary", "metrics", "stages", "evaluation", "loss", "confusion", "examples",
                "counts", "mix", "retrieved-datasets", "retrieved-labels");
        probe.forEach(ReportChromiumTest::assertHasContent);
        assertPlot(probe, "evaluation", 4);   // one score per metric (dots), two baseline lines
        assertPlot(probe, "loss", 1);
        assertPlot(probe, "stages", 5);
        assertTables(probe, "confusion", 4, 4); // header and three labels; header and three per-label rows
        assertTables(probe, "examples", 4);
        assertTables(probe, "served", 3); // header and the two candidates
    }

    @Test
    void aLongMultipleChoiceReportRendersEverySectionWithContent() throws Exception {
        Map<String, Map<String, Object>> probe = render("long-multiple-choice",
                ReportWriter.html(SampleTasks.longMultipleChoice(), SampleTasks.multipleChoiceItems()));
        assertThat(probe.keySet()).contains("evaluation", "loss", "confusion", "examples", "stages");
        probe.forEach(ReportChromiumTest::assertHasContent);
        assertTables(probe, "confusion", 5, 5);
        assertPlot(probe, "evaluation", 2 + 24 + 2);  // two polylines, their dots, two baseline lines
    }

    private Map<String, Map<String, Object>> render(String name, String html) throws Exception {
        String chromium = chromium();
        Path page = dir.resolve(name + ".html");
        Files.writeString(page, html.replace("</body>", PROBE + "</body>"));
        String dom = run(List.of(chromium, "--headless", "--disable-gpu", "--no-sandbox", "--user-data-dir=" + dir.resolve("profile"),
                "--dump-dom", page.toUri().toString()));
        Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("probe output in the dumped DOM of %s", name).isTrue();
        screenshot(chromium, name, html);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> probe = Json.read(m.group(1).replace("&amp;", "&"), Map.class);
        return probe;
    }

    private void screenshot(String chromium, String name, String html) throws Exception {
        Path shots = Path.of("target", "report-screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        Path page = shots.resolve(name + ".html");
        Files.writeString(page, html);
        Path png = shots.resolve(name + ".png");
        run(List.of(chromium, "--headless", "--disable-gpu", "--no-sandbox", "--user-data-dir=" + dir.resolve("profile"),
                "--hide-scrollbars", "--window-size=1100,3400", "--screenshot=" + png, page.toUri().toString()));
        assertThat(png).isRegularFile();
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    @SuppressWarnings("unchecked")
    private static void assertHasContent(String section, Map<String, Object> figures) {
        assertThat(figures.get("visible")).as("section %s is laid out", section).isEqualTo(true);
        for (Map<String, Object> plot : (List<Map<String, Object>>) figures.get("plots")) {
            assertThat(((Number) plot.get("drawn")).intValue()).as("drawn marks of a plot in %s", section).isPositive();
            assertThat(((Number) plot.get("width")).doubleValue()).as("plot width in %s", section).isPositive();
        }
        for (Object rows : (List<Object>) figures.get("tables")) {
            assertThat(((Number) rows).intValue()).as("rows of a table in %s", section).isPositive();
        }
        assertThat(((List<?>) figures.get("plots")).size() + ((List<?>) figures.get("tables")).size())
                .as("plots and tables of section %s", section).isPositive();
    }

    @SuppressWarnings("unchecked")
    private static void assertPlot(Map<String, Map<String, Object>> probe, String section, int drawnMarks) {
        List<Map<String, Object>> plots = (List<Map<String, Object>>) probe.get(section).get("plots");
        assertThat(plots).as("plots of %s", section).isNotEmpty();
        assertThat(((Number) plots.get(plots.size() - 1).get("drawn")).intValue()).as("drawn marks in %s", section)
                .isEqualTo(drawnMarks);
    }

    @SuppressWarnings("unchecked")
    private static void assertTables(Map<String, Map<String, Object>> probe, String section, Integer... rows) {
        List<Number> tables = (List<Number>) probe.get(section).get("tables");
        assertThat(tables.stream().map(Number::intValue).toList()).as("table rows in %s", section).containsExactly(rows);
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Path stdout = dir.resolve("chromium.out");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(dir.resolve("chromium.err").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + command);
        }
        assertThat(p.exitValue()).as("chromium exit status; stderr: %s", Files.readString(dir.resolve("chromium.err"))).isZero();
        return Files.readString(stdout);
    }

    /** The chromium binary on the PATH; a failure in CI when absent, a skip elsewhere. */
    private static String chromium() {
        List<String> found = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (Files.isExecutable(Path.of(d, name))) {
                    found.add(Path.of(d, name).toString());
                }
            }
        }
        if (found.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("chromium is not installed: CI needs the Debian package chromium (.ci/run installs it)");
            }
            Assumptions.abort("chromium is not installed (Debian package chromium); CI runs this test");
        }
        return found.get(0);
    }
}
