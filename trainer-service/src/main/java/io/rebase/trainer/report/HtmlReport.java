package io.rebase.trainer.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML page of a task's report: one method per section, each a {@code <section id=...>} so that a new section is
 * one method and one line in {@link #render}. Plots are inline SVG; there is no JavaScript.
 */
final class HtmlReport {

    private static final String STYLE = "body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
            + "table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left;vertical-align:top}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}h2{margin-top:1.6em}svg{background:#fcfcfc;border:1px solid #ddd}"
            + "table.examples td{max-width:340px;white-space:pre-wrap;word-break:break-word;font-size:13px}"
            + "p.note{color:#555;font-size:13px}";

    private final TaskView v;
    private final FinalEvaluation evaluation;

    HtmlReport(TaskView v, FinalEvaluation evaluation) {
        this.v = v;
        this.evaluation = evaluation;
    }

    String render() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ReBase task ")
                .append(esc(v.taskId())).append("</title><style>").append(STYLE).append("</style></head><body>");
        h.append(summary());
        h.append(section("metrics", "Metrics", metrics()));
        if (ServedSection.present(v.served())) {
            h.append(section("served", "Served model", ServedSection.body(v.served())));
        }
        h.append(section("stages", "Time per stage", stages()));
        h.append(section("evaluation", "Evaluation", evaluationCurve()));
        h.append(section("loss", "Training loss", lossCurve()));
        if (FinalEvaluation.hasLabels(v.taskType())) {
            h.append(section("confusion", "Confusion matrix of the final evaluation", confusion()));
        }
        String generations = GenerationSamples.html(v.modelPath());
        if (!generations.isEmpty()) {
            h.append(section("generations", "Generations of the served model (evaluation sample)", generations));
        }
        h.append(section("examples", "Sample of the training examples", examples()));
        h.append(section("counts", "Counts", counts()));
        h.append(section("mix", "Dataset mix of the training examples", Svg.barChart(
                v.datasetMix() == null ? Map.of() : v.datasetMix(), "examples per dataset", "")));
        h.append(retrievedMix("retrieved-datasets", "datasetMix", "Dataset mix of the retrieved rows"));
        h.append(retrievedMix("retrieved-labels", "labelMix", "Label mix of the retrieved rows"));
        return h.append("</body></html>").toString();
    }

    private static String section(String id, String title, String body) {
        return "<section id=\"" + id + "\"><h2>" + esc(title) + "</h2>" + body + "</section>";
    }

    private String summary() {
        return "<section id=\"summary\"><h1>Task " + esc(v.taskId()) + "</h1><p>"
                + esc(v.instruction() == null ? "(request not seen)" : v.instruction()) + "</p><table>"
                + row("status", v.status()) + row("task type", v.taskType())
                + row("labels", v.labels().isEmpty() ? null : String.join(", ", v.labels()))
                + row("steps", Integer.toString(v.steps()))
                + row("best step", v.bestStep() == null ? null : v.bestStep().toString())
                + row("completion", v.completionReason()) + row("failure", v.failureReason())
                + row("model", v.modelPath())
                + row("resumed from step", v.resumedFromStep() == null ? null : v.resumedFromStep().toString())
                + row("training examples/s", v.examplesPerSecond() == null ? null : String.format(Locale.ROOT, "%.1f", v.examplesPerSecond()))
                + "</table></section>";
    }

    private String metrics() {
        StringBuilder h = new StringBuilder("<table><tr><th>metric</th><th>student (best checkpoint)</th><th>few-shot baseline</th></tr>");
        List<String> names = new ArrayList<>(v.metrics().keySet());
        v.baseline().keySet().stream().filter(k -> !names.contains(k)).forEach(names::add);
        for (String m : names) {
            h.append("<tr><td>").append(esc(m)).append("</td><td class=\"n\">").append(metric(m, v.metrics().get(m)))
                    .append("</td><td class=\"n\">").append(metric(m, v.baseline().get(m))).append("</td></tr>");
        }
        return h.append("</table>").toString();
    }

    private String stages() {
        Map<String, Double> stages = v.stageSeconds() == null ? Map.of() : v.stageSeconds();
        StringBuilder h = new StringBuilder("<table><tr><th>stage</th><th>seconds</th></tr>");
        stages.forEach((k, s) -> h.append("<tr><td>").append(esc(k)).append("</td><td class=\"n\">")
                .append(seconds(s)).append("</td></tr>"));
        h.append("</table>").append(Svg.barChart(stages, "seconds per stage", " s"));
        return h.append("<p class=\"note\">Stages overlap: examples are transformed while the student trains on them. "
                + "Train counts the wall clock from the first step to the last evaluation, less evaluations; "
                + "finalise covers the few-shot baseline and the reports.</p>").toString();
    }

    /** The primary metric (and the others) by step, with the baseline's primary metric as a dashed line. */
    @SuppressWarnings("unchecked")
    private String evaluationCurve() {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        if (v.evalCurve() != null) {
            for (Map<String, Object> p : v.evalCurve()) {
                double step = ((Number) p.get("step")).doubleValue();
                ((Map<String, Object>) p.get("metrics")).forEach((k, val) -> {
                    if (val instanceof Number n) {
                        series.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {step, n.doubleValue()});
                    }
                });
            }
        }
        Map<String, Double> references = new LinkedHashMap<>();
        v.baseline().forEach((k, val) -> {
            if (series.containsKey(k) && val instanceof Number n) {
                references.put(k, n.doubleValue());
            }
        });
        return Svg.lineChart(series, references, "(few-shot baseline)", "step", "score");
    }

    private String lossCurve() {
        List<double[]> loss = new ArrayList<>();
        if (v.lossCurve() != null) {
            v.lossCurve().forEach(p -> loss.add(new double[] {((Number) p.get("step")).doubleValue(), ((Number) p.get("loss")).doubleValue()}));
        }
        return Svg.lineChart(Map.of("loss", loss), Map.of(), "", "step", "loss");
    }

    /** Gold rows against predicted columns, shaded by count, then precision and recall per label. */
    private String confusion() {
        if (evaluation == null) {
            return "<p>No final evaluation yet: the matrix is written when the task completes.</p>";
        }
        Confusion c = evaluation.confusion(v.labels());
        long max = Math.max(1, c.maxCell());
        StringBuilder h = new StringBuilder("<table class=\"confusion\"><tr><th>gold \\ predicted</th>");
        c.labels().forEach(l -> h.append("<th>").append(esc(l)).append("</th>"));
        h.append("</tr>");
        for (int i = 0; i < c.labels().size(); i++) {
            h.append("<tr><th>").append(esc(c.labels().get(i))).append("</th>");
            for (int j = 0; j < c.labels().size(); j++) {
                long n = c.counts()[i][j];
                double alpha = 0.08 + 0.72 * n / max;
                String rgb = i == j ? "31,119,180" : "214,39,40";
                h.append(String.format(Locale.ROOT, "<td class=\"n\" style=\"background:rgba(%s,%.2f)\">%d</td>", rgb, n == 0 ? 0 : alpha, n));
            }
            h.append("</tr>");
        }
        h.append("</table><h3>Precision and recall per label</h3><table class=\"per-label\"><tr><th>label</th>"
                + "<th>gold items</th><th>predicted</th><th>precision</th><th>recall</th></tr>");
        for (Confusion.LabelScore s : c.perLabel()) {
            h.append("<tr><td>").append(esc(s.label())).append("</td><td class=\"n\">").append(s.support())
                    .append("</td><td class=\"n\">").append(s.predicted()).append("</td><td class=\"n\">").append(ratio(s.precision()))
                    .append("</td><td class=\"n\">").append(ratio(s.recall())).append("</td></tr>");
        }
        return h.append("</table><p class=\"note\">").append(c.total()).append(" items evaluated.</p>").toString();
    }

    @SuppressWarnings("unchecked")
    private String examples() {
        List<Map<String, Object>> sample = v.exampleSample() == null ? List.of() : v.exampleSample();
        if (sample.isEmpty()) {
            return "<p>No training examples stored yet.</p>";
        }
        StringBuilder h = new StringBuilder("<table class=\"examples\"><tr><th>input</th><th>output</th><th>rationale</th>"
                + "<th>source row</th><th>retrieval scores</th></tr>");
        for (Map<String, Object> e : sample) {
            StringBuilder input = new StringBuilder();
            if (e.get("input") instanceof Map<?, ?> fields) {
                ((Map<String, Object>) fields).forEach((k, val) -> input.append(k).append(": ").append(val).append('\n'));
            }
            h.append("<tr><td>").append(esc(input.toString().trim())).append("</td><td>").append(esc(str(e.get("output"))))
                    .append("</td><td>").append(esc(str(e.get("rationale")))).append("</td><td>")
                    .append(esc(str(e.get("dataset")) + "/" + str(e.get("config")) + " row " + str(e.get("rowIndex"))
                            + " (" + str(e.get("mode")) + ")")).append("</td><td>").append(esc(scores(e.get("scores"))))
                    .append("</td></tr>");
        }
        return h.append("</table>").toString();
    }

    /** A row's retrieval scores, one per line (the column a signal matched in brackets); a dash when not recorded. */
    static String scores(Object scores) {
        if (!(scores instanceof Map<?, ?> s) || !(s.get("combined") instanceof Number)) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (String signal : new String[] {"combined", "input", "output", "description"}) {
            if (s.get(signal) instanceof Number n) {
                out.append(signal).append(' ').append(String.format(Locale.ROOT, "%.3f", n.doubleValue()));
                Object column = s.get(signal + "Column");
                out.append(column == null ? "" : " (" + column + ")").append('\n');
            }
        }
        return out.toString().trim();
    }

    private String counts() {
        StringBuilder h = new StringBuilder("<table>");
        v.counts().forEach((k, n) -> h.append(row(k, n == null ? "unknown" : n.toString())));
        return h.append("</table>").toString();
    }

    /** A bar chart of one count map of the RETRIEVED event's details, nothing when the event has none. */
    private String retrievedMix(String id, String key, String title) {
        if (v.retrieval() == null || !(v.retrieval().get(key) instanceof Map<?, ?> retrieved) || retrieved.isEmpty()) {
            return "";
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        retrieved.forEach((k, n) -> {
            if (n instanceof Number num) {
                rows.put(String.valueOf(k), num.longValue());
            }
        });
        return section(id, title, Svg.barChart(rows, title, ""));
    }

    private static String row(String key, String value) {
        return value == null ? "" : "<tr><th>" + esc(key) + "</th><td>" + esc(value) + "</td></tr>";
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "&ndash;" : String.format(Locale.ROOT, "%.3f", r);
    }

    /** A metric value: counts (steps, examples) as integers, scores with four decimals. */
    static String metric(String name, Object o) {
        if (!(o instanceof Number n)) {
            return "&ndash;";
        }
        boolean count = name.equals("steps") || name.equals("count") || name.startsWith("examples");
        return count || n instanceof Integer || n instanceof Long ? number(n) : String.format(Locale.ROOT, "%.4f", n.doubleValue());
    }

    /** A number: whole values without a decimal point, others with up to two decimals. */
    static String number(Number n) {
        double d = n.doubleValue();
        if (Math.abs(d - Math.rint(d)) < 1e-9) {
            return Long.toString(Math.round(d));
        }
        return String.format(Locale.ROOT, Math.abs(d) >= 10 ? "%.1f" : "%.2f", d);
    }

    /** Seconds: two decimals below ten, one above. */
    static String seconds(double s) {
        return String.format(Locale.ROOT, Math.abs(s) < 10 ? "%.2f" : "%.1f", s);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
