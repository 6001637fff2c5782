package io.rebase.cli.follow;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Prints the end-of-task summary: retrieval mix, example outcomes, training curve, evaluation vs baseline, paths. */
public final class SummaryPrinter {

    private static final String SPARKS = "▁▂▃▄▅▆▇█";
    private final PrintStream out;

    public SummaryPrinter(PrintStream out) {
        this.out = out;
    }

    /**
     * Prints the summary.
     *
     * @param p        the followed task
     * @param elapsed  wall-clock time of the task
     * @param links    extra "what: where" lines (model, report), may be empty
     */
    public void print(TaskProgress p, Duration elapsed, Map<String, String> links) {
        String outcome = p.terminal() == null ? "NOT FINISHED" : p.terminal().type().name();
        out.printf("%n== Task %s: %s after %s ==%n", p.taskId(), outcome, human(elapsed));
        if (p.failed() || p.cancelled()) {
            out.println("Reason: " + p.terminal().message());
        }
        printRetrieval(p);
        out.printf("Examples: %d kept, %d rejected%s, %d dead-lettered%n", p.examples(), p.rejected(),
                p.rejectedByReason().isEmpty() ? "" : " " + p.rejectedByReason(), p.deadLettered());
        printTraining(p);
        printEvaluation(p);
        ServedText.print(out, p);
        links.forEach((what, where) -> out.printf("%-8s %s%n", what + ":", where));
    }

    private void printRetrieval(TaskProgress p) {
        out.println("Retrieved rows: " + (p.retrieved() == null ? "-" : p.retrieved()));
        Object mix = p.retrievalDetails().get("datasetMix");
        if (mix instanceof Map<?, ?> m && !m.isEmpty()) {
            long max = m.values().stream().filter(v -> v instanceof Number).mapToLong(v -> ((Number) v).longValue()).max().orElse(1);
            m.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<?, ?> e) -> ((Number) e.getValue()).longValue()).reversed())
                    .forEach(e -> {
                        long n = ((Number) e.getValue()).longValue();
                        out.printf("  %-28s %6d  %s%n", e.getKey(), n, "█".repeat((int) Math.max(1, 30 * n / Math.max(1, max))));
                    });
        }
        if (p.retrievalDetails().get("labelMix") instanceof Map<?, ?> labels && !labels.isEmpty()) {
            Map<String, Object> sorted = new java.util.TreeMap<>();
            labels.forEach((label, n) -> sorted.put(String.valueOf(label), n));
            out.println("Retrieved rows by label: " + sorted);
        }
        if (p.retrievalDetails().get("foreignLabelConfigs") instanceof List<?> foreign && !foreign.isEmpty()) {
            out.println("Not retrieved, their labels are none of the task's: " + String.join(", ", foreign.stream().map(String::valueOf).toList()));
        }
    }

    private void printTraining(TaskProgress p) {
        List<double[]> curve = p.lossCurve();
        if (curve.isEmpty()) {
            out.println("Training: no progress reported");
            return;
        }
        out.printf("Training: %d steps, loss %.3f -> %.3f  %s%n", (long) curve.get(curve.size() - 1)[0],
                curve.get(0)[1], curve.get(curve.size() - 1)[1], sparkline(curve));
    }

    private void printEvaluation(TaskProgress p) {
        Map<String, Object> details = p.terminal() != null && p.terminal().details() != null
                ? p.terminal().details() : Map.of();
        Object metrics = details.get("metrics");
        Object baseline = details.getOrDefault("baselineMetrics", details.get("baseline"));
        if (metrics == null && !p.evaluations().isEmpty()) {
            metrics = p.evaluations().get(p.evaluations().size() - 1).details();
        }
        if (metrics == null) {
            out.println("Evaluation: none reported");
            return;
        }
        out.println("Evaluation" + (details.get("evalSet") != null ? " on " + details.get("evalSet") : "") + ":");
        // a stream with too few usable rows makes no ReBase student: the trainer then says so and serves the few-shot one
        boolean noRebase = details.get("served") instanceof Map<?, ?> served && Boolean.FALSE.equals(served.get("rebase"))
                && served.get("scores") instanceof Map<?, ?> scores && !scores.containsKey("rebase");
        out.println((noRebase ? "  stream student : " : "  ReBase student : ") + MetricsText.brief(asMap(metrics))
                + (noRebase ? " (too few usable rows: not a ReBase model)" : ""));
        if (baseline != null) {
            out.println("  few-shot only  : " + MetricsText.brief(asMap(baseline)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static String sparkline(List<double[]> curve) {
        int width = Math.min(40, curve.size());
        double min = curve.stream().mapToDouble(c -> c[1]).min().orElse(0);
        double max = curve.stream().mapToDouble(c -> c[1]).max().orElse(1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < width; i++) {
            double v = curve.get((int) ((long) i * curve.size() / width))[1];
            int level = max == min ? 0 : (int) Math.round((SPARKS.length() - 1) * (v - min) / (max - min));
            s.append(SPARKS.charAt(level));
        }
        return s.toString();
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
