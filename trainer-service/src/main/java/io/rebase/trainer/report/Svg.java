package io.rebase.trainer.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Inline SVG charts of the report (no JavaScript): line charts with reference lines, and horizontal bar charts. */
final class Svg {

    static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int W = 780;
    private static final int H = 280;
    private static final int LEFT = 60;
    private static final int RIGHT = 230;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;
    private static final double PW = W - LEFT - RIGHT;
    private static final double PH = H - TOP - BOTTOM;
    /** Series with more points are drawn as lines only. */
    private static final int MAX_DOTS = 30;

    private Svg() {
    }

    /**
     * A line chart of one or more series of (x, y) points with integer x (steps), each with an optional horizontal
     * reference line ({@code references} by series name: dashed, in the series' colour, named in the legend as
     * "series referenceName") that the y range also covers. A single point or a flat line gets a range around it.
     */
    static String lineChart(Map<String, List<double[]>> series, Map<String, Double> references, String referenceName,
                            String xLabel, String yLabel) {
        double[] x = {Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] y = {Double.MAX_VALUE, -Double.MAX_VALUE};
        series.values().forEach(points -> points.stream().filter(p -> Double.isFinite(p[1])).forEach(p -> {
            widen(x, p[0]);
            widen(y, p[1]);
        }));
        StringBuilder s = open(W, H, yLabel + " by " + xLabel);
        if (x[0] == Double.MAX_VALUE) {
            return s.append("<text x=\"20\" y=\"40\">no data yet</text></svg>").toString();
        }
        references.values().stream().filter(Double::isFinite).forEach(v -> widen(y, v));
        Axis ax = Axis.covering(x[0], x[1], true);
        Axis ay = Axis.covering(y[0], y[1], false);
        axes(s, ax, ay, xLabel, yLabel);
        int k = 0;
        int legendRow = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String colour = COLOURS[k++ % COLOURS.length];
            line(s, ax, ay, e.getValue(), colour);
            legend(s, legendRow++, e.getKey(), colour, false);
            Double reference = references.get(e.getKey());
            if (reference != null && Double.isFinite(reference)) {
                double py = TOP + PH - PH * ay.fraction(reference);
                s.append(String.format(Locale.ROOT, "<line class=\"reference\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                        + "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>", LEFT, py, LEFT + PW, py, colour));
                legend(s, legendRow++, e.getKey() + " " + referenceName, colour, true);
            }
        }
        return s.append("</svg>").toString();
    }

    private static void widen(double[] range, double v) {
        range[0] = Math.min(range[0], v);
        range[1] = Math.max(range[1], v);
    }

    private static StringBuilder open(int w, int h, String label) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", w, h, w, h, HtmlReport.esc(label)));
    }

    /** Grid lines, tick labels and axis titles. */
    private static void axes(StringBuilder s, Axis ax, Axis ay, String xLabel, String yLabel) {
        for (double v : ay.ticks()) {
            double py = TOP + PH - PH * ay.fraction(v);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>", LEFT, py, LEFT + PW, py));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>", LEFT - 6, py + 4, ay.label(v)));
        }
        for (double v : ax.ticks()) {
            double px = LEFT + PW * ax.fraction(v);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>", px, TOP + PH, px, TOP + PH + 4));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>", px, TOP + PH + 16, ax.label(v)));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>", LEFT, TOP + PH, LEFT + PW, TOP + PH));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\"/>", LEFT, TOP, LEFT, TOP + PH));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>", LEFT + PW / 2, H - 6, HtmlReport.esc(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>",
                TOP + PH / 2, TOP + PH / 2, HtmlReport.esc(yLabel)));
    }

    /** A series: a polyline, and dots when it has few points (a single point is a dot alone). */
    private static void line(StringBuilder s, Axis ax, Axis ay, List<double[]> points, String colour) {
        StringBuilder pts = new StringBuilder();
        List<double[]> finite = points.stream().filter(p -> Double.isFinite(p[1])).toList();
        for (double[] p : finite) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + PW * ax.fraction(p[0]), TOP + PH - PH * ay.fraction(p[1])));
        }
        s.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.8\" points=\"")
                .append(pts.toString().trim()).append("\"/>");
        if (finite.size() <= MAX_DOTS) {
            for (double[] p : finite) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
                        LEFT + PW * ax.fraction(p[0]), TOP + PH - PH * ay.fraction(p[1]), colour));
            }
        }
    }

    private static void legend(StringBuilder s, int k, String name, String colour, boolean dashed) {
        int y = TOP + 10 + 18 * k;
        double x = LEFT + PW + 14;
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                x, y - 4, x + 18, y - 4, colour, dashed ? " stroke-dasharray=\"4 3\"" : ""));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>", x + 24, y, colour, HtmlReport.esc(name)));
    }

    /** A horizontal bar chart of counts, or of seconds when {@code unit} is "s". */
    static String barChart(Map<String, ? extends Number> values, String label, String unit) {
        int rowH = 22;
        int labelW = 200;
        int h = Math.max(40, values.size() * rowH + 10);
        StringBuilder s = open(W, h, label);
        if (values.isEmpty()) {
            return s.append("<text x=\"20\" y=\"25\">none yet</text></svg>").toString();
        }
        double max = values.values().stream().mapToDouble(Number::doubleValue).max().orElse(1);
        int i = 0;
        for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
            int y = 5 + i++ * rowH;
            double bw = Math.max(1, (W - labelW - 90) * e.getValue().doubleValue() / Math.max(max, 1e-9));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>", labelW - 6, y + 14, HtmlReport.esc(e.getKey())));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", labelW, y + 3, bw, rowH - 6, COLOURS[0]));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s%s</text>", labelW + bw + 4, y + 14,
                    unit.equals(" s") ? HtmlReport.seconds(e.getValue().doubleValue()) : HtmlReport.number(e.getValue()), unit));
        }
        return s.append("</svg>").toString();
    }
}
