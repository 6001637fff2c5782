package io.rebase.trainer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.rebase.contracts.Json;
import io.rebase.trainer.files.TaskFolders;
import io.rebase.trainer.training.TaskReports;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A task's report: {@code report.json} (counts, timings, retrieval mix, curves, metrics against the baseline) and
 * {@code report.html} with inline SVG plots (loss curve, evaluation curve, dataset mix; no JavaScript), written into
 * the task's folder at completion and rendered on demand while the task runs.
 */
@ApplicationScoped
public class ReportWriter implements TaskReports {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

    private final TaskViews views;
    private final TaskFolders folders;

    public ReportWriter(TaskViews views, TaskFolders folders) {
        this.views = views;
        this.folders = folders;
    }

    /** Writes both files into the task's folder. */
    @Override
    public void write(String taskId) {
        TaskView v = views.find(taskId).orElseThrow();
        try {
            Files.createDirectories(folders.task(taskId));
            Files.writeString(folders.reportJson(taskId), json(v));
            Files.writeString(folders.reportHtml(taskId), html(v));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON report of a task, or empty when unknown. */
    public Optional<String> json(String taskId) {
        return views.find(taskId).map(this::json);
    }

    /** The HTML report of a task, or empty when unknown. */
    public Optional<String> html(String taskId) {
        return views.find(taskId).map(this::html);
    }

    String json(TaskView v) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("taskId", v.taskId());
        r.put("status", v.status());
        r.put("instruction", v.instruction());
        r.put("taskType", v.taskType());
        r.put("labels", v.labels());
        r.put("counts", v.counts());
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("createdAt", v.createdAt());
        timings.put("trainingStartedAt", v.startedAt());
        timings.put("completedAt", v.completedAt());
        if (v.startedAt() != null && v.completedAt() != null) {
            timings.put("trainingSeconds", Duration.between(v.startedAt(), v.completedAt()).toMillis() / 1000.0);
        }
        r.put("timings", timings);
        r.put("steps", v.steps());
        r.put("examplesPerSecond", v.examplesPerSecond());
        r.put("completionReason", v.completionReason());
        r.put("failureReason", v.failureReason());
        r.put("resumedFromStep", v.resumedFromStep());
        r.put("retrieval", v.retrieval());
        r.put("datasetMix", v.datasetMix());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("primaryMetric", v.primaryMetric());
        result.put("bestStep", v.bestStep());
        result.put("student", v.metrics());
        result.put("fewShotBaseline", v.baseline());
        r.put("metrics", result);
        r.put("modelPath", v.modelPath());
        r.put("lossCurve", v.lossCurve());
        r.put("evalCurve", v.evalCurve());
        r.put("generations", GenerationSamples.of(v.modelPath()));
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    String html(TaskView v) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ReBase task ")
                .append(esc(v.taskId())).append("</title><style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}"
                        + "h2{margin-top:1.6em}svg{background:#fafafa;border:1px solid #ddd}</style></head><body>");
        h.append("<h1>Task ").append(esc(v.taskId())).append("</h1>");
        h.append("<p>").append(esc(v.instruction() == null ? "(request not seen)" : v.instruction())).append("</p>");
        h.append("<table><tr><th>status</th><td>").append(esc(v.status())).append("</td></tr>")
                .append(row("task type", v.taskType())).append(row("labels", String.join(", ", v.labels())))
                .append(row("steps", Integer.toString(v.steps())))
                .append(row("completion", v.completionReason())).append(row("failure", v.failureReason()))
                .append(row("model", v.modelPath())).append(row("resumed from step", v.resumedFromStep() == null ? null : v.resumedFromStep().toString()))
                .append(row("training examples/s", v.examplesPerSecond() == null ? null : String.format(Locale.ROOT, "%.1f", v.examplesPerSecond())))
                .append("</table>");

        h.append("<h2>Counts</h2><table>");
        v.counts().forEach((k, n) -> h.append(row(k, n == null ? "unknown" : n.toString())));
        h.append("</table>");

        h.append("<h2>Metrics</h2><table><tr><th>metric</th><th>student (best checkpoint)</th><th>few-shot baseline</th></tr>");
        List<String> names = new ArrayList<>(v.metrics().keySet());
        v.baseline().keySet().stream().filter(k -> !names.contains(k)).forEach(names::add);
        for (String m : names) {
            h.append("<tr><td>").append(esc(m)).append("</td><td>").append(num(v.metrics().get(m)))
                    .append("</td><td>").append(num(v.baseline().get(m))).append("</td></tr>");
        }
        h.append("</table>");

        h.append(GenerationSamples.html(v.modelPath()));

        h.append("<h2>Training loss</h2>");
        List<double[]> loss = new ArrayList<>();
        if (v.lossCurve() != null) {
            v.lossCurve().forEach(p -> loss.add(new double[] {((Number) p.get("step")).doubleValue(), ((Number) p.get("loss")).doubleValue()}));
        }
        h.append(lineChart(Map.of("loss", loss), "step", "loss"));

        h.append("<h2>Evaluation</h2>");
        Map<String, List<double[]>> evalSeries = new LinkedHashMap<>();
        if (v.evalCurve() != null) {
            for (Map<String, Object> p : v.evalCurve()) {
                double step = ((Number) p.get("step")).doubleValue();
                ((Map<String, Object>) p.get("metrics")).forEach((k, val) ->
                        evalSeries.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {step, ((Number) val).doubleValue()}));
            }
        }
        h.append(lineChart(evalSeries, "step", "score"));

        h.append("<h2>Dataset mix of the training examples</h2>");
        h.append(barChart(v.datasetMix() == null ? Map.of() : v.datasetMix()));
        appendRetrievedMix(h, v, "datasetMix", "Dataset mix of the retrieved rows");
        appendRetrievedMix(h, v, "labelMix", "Label mix of the retrieved rows");
        h.append("</body></html>");
        return h.toString();
    }

    /** A bar chart of one count map of the RETRIEVED event's details, nothing when the event has none. */
    private static void appendRetrievedMix(StringBuilder h, TaskView v, String key, String title) {
        if (v.retrieval() != null && v.retrieval().get(key) instanceof Map<?, ?> retrieved && !retrieved.isEmpty()) {
            Map<String, Long> rows = new LinkedHashMap<>();
            retrieved.forEach((k, n) -> {
                if (n instanceof Number num) {
                    rows.put(String.valueOf(k), num.longValue());
                }
            });
            h.append("<h2>").append(title).append("</h2>").append(barChart(rows));
        }
    }

    private static String row(String key, String value) {
        return value == null ? "" : "<tr><th>" + esc(key) + "</th><td>" + esc(value) + "</td></tr>";
    }

    private static String num(Object o) {
        return o instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : "&ndash;";
    }

    /** An SVG line chart of one or more series of (x, y) points. */
    static String lineChart(Map<String, List<double[]>> series, String xLabel, String yLabel) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (List<double[]> pts : series.values()) {
            for (double[] p : pts) {
                if (Double.isFinite(p[1])) {
                    minX = Math.min(minX, p[0]);
                    maxX = Math.max(maxX, p[0]);
                    minY = Math.min(minY, p[1]);
                    maxY = Math.max(maxY, p[1]);
                }
            }
        }
        StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Frame.W + "\" height=\"" + Frame.H
                + "\" role=\"img\" aria-label=\"" + esc(yLabel) + " by " + esc(xLabel) + "\">");
        if (minX == Double.MAX_VALUE) {
            return s.append("<text x=\"20\" y=\"40\">no data yet</text></svg>").toString();
        }
        Frame f = new Frame(minX, maxX == minX ? minX + 1 : maxX, minY, maxY == minY ? minY + 1 : maxY);
        f.axes(s, xLabel);
        int k = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            f.series(s, e.getKey(), e.getValue(), k++);
        }
        return s.append("</svg>").toString();
    }

    /** The plot area of a line chart and its data ranges. */
    private record Frame(double fx0, double fx1, double fy0, double fy1) {
        static final int W = 720;
        static final int H = 260;
        static final int LEFT = 56;
        static final int RIGHT = 130;
        static final int TOP = 14;
        static final int BOTTOM = 36;
        static final double PW = W - LEFT - RIGHT;
        static final double PH = H - TOP - BOTTOM;

        void axes(StringBuilder s, String xLabel) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", LEFT, TOP + (int) PH, LEFT + (int) PW, TOP + (int) PH));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", LEFT, TOP, LEFT, TOP + (int) PH));
            for (int i = 0; i <= 4; i++) {
                double yv = fy0 + (fy1 - fy0) * i / 4;
                double y = TOP + PH - PH * i / 4;
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.3g</text>", LEFT - 4, y + 3, yv));
                double xv = fx0 + (fx1 - fx0) * i / 4;
                double x = LEFT + PW * i / 4;
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%.0f</text>", x, TOP + (int) PH + 14, xv));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>", LEFT + PW / 2, H - 4, esc(xLabel)));
        }

        /** The k-th series: a polyline, dots where it has at most 30 points, and its name in the legend. */
        void series(StringBuilder s, String name, List<double[]> points, int k) {
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : points) {
                if (Double.isFinite(p[1])) {
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + PW * (p[0] - fx0) / (fx1 - fx0), TOP + PH - PH * (p[1] - fy0) / (fy1 - fy0)));
                }
            }
            s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"").append(pts).append("\"/>");
            if (points.size() <= 30) {
                for (String pt : pts.toString().trim().split(" ")) {
                    if (!pt.isBlank()) {
                        String[] xy = pt.split(",");
                        s.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"2.5\" fill=\"").append(colour).append("\"/>");
                    }
                }
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>", W - RIGHT + 8, TOP + 14 + 16 * k, colour, esc(name)));
        }
    }

    /** An SVG horizontal bar chart. */
    static String barChart(Map<String, Long> values) {
        int rowH = 20;
        int w = 720;
        int labelW = 200;
        int hgt = Math.max(40, values.size() * rowH + 10);
        StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + hgt
                + "\" role=\"img\" aria-label=\"examples per dataset\">");
        if (values.isEmpty()) {
            return s.append("<text x=\"20\" y=\"25\">no examples yet</text></svg>").toString();
        }
        long max = values.values().stream().mapToLong(Long::longValue).max().orElse(1);
        int i = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            int y = 5 + i * rowH;
            double bw = (w - labelW - 60) * e.getValue() / (double) Math.max(1, max);
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>", labelW - 6, y + 13, esc(e.getKey())));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", labelW, y + 2, bw, rowH - 6, COLOURS[0]));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%d</text>", labelW + bw + 4, y + 13, e.getValue()));
            i++;
        }
        return s.append("</svg>").toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
