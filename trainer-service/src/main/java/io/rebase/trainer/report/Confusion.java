package io.rebase.trainer.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The confusion matrix of a classification or multiple-choice evaluation, with per-label precision and recall.
 * Labels are the task's labels in their order, then any other gold or predicted value (option letters) sorted.
 *
 * @param labels the rows (gold) and columns (predicted), in order
 * @param counts {@code counts[gold][predicted]}
 */
public record Confusion(List<String> labels, long[][] counts) {

    /**
     * Precision and recall of one label.
     *
     * @param label     the label
     * @param support   gold items with the label
     * @param predicted items predicted as the label
     * @param correct   items both gold and predicted as the label
     */
    public record LabelScore(String label, long support, long predicted, long correct) {

        /** Correct over predicted; NaN when the label was never predicted. */
        public double precision() {
            return predicted == 0 ? Double.NaN : correct / (double) predicted;
        }

        /** Correct over support; NaN when no gold item has the label. */
        public double recall() {
            return support == 0 ? Double.NaN : correct / (double) support;
        }
    }

    /** Counts {@code gold.get(i)} against {@code predicted.get(i)}. */
    public static Confusion of(List<String> taskLabels, List<String> gold, List<String> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " items but predicted has " + predicted.size());
        }
        Set<String> order = new LinkedHashSet<>(taskLabels == null ? List.of() : taskLabels);
        Set<String> seen = new TreeSet<>(gold);
        seen.addAll(predicted);
        order.addAll(seen);
        List<String> labels = new ArrayList<>(order);
        Map<String, Integer> index = new LinkedHashMap<>();
        labels.forEach(l -> index.put(l, index.size()));
        long[][] counts = new long[labels.size()][labels.size()];
        for (int i = 0; i < gold.size(); i++) {
            counts[index.get(gold.get(i))][index.get(predicted.get(i))]++;
        }
        return new Confusion(List.copyOf(labels), counts);
    }

    /** Items counted. */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    /** The largest cell (shading scale). */
    public long maxCell() {
        long max = 0;
        for (long[] row : counts) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        return max;
    }

    /** Precision and recall per label, in label order. */
    public List<LabelScore> perLabel() {
        List<LabelScore> scores = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
            long support = 0;
            long predicted = 0;
            for (int j = 0; j < labels.size(); j++) {
                support += counts[k][j];
                predicted += counts[j][k];
            }
            scores.add(new LabelScore(labels.get(k), support, predicted, counts[k][k]));
        }
        return scores;
    }

    /** The matrix and per-label scores as JSON-ready maps. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", labels);
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : counts) {
            rows.add(java.util.Arrays.stream(row).boxed().toList());
        }
        m.put("matrix", rows);
        List<Map<String, Object>> per = new ArrayList<>();
        for (LabelScore s : perLabel()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("label", s.label());
            p.put("support", s.support());
            p.put("predicted", s.predicted());
            p.put("precision", Double.isNaN(s.precision()) ? null : s.precision());
            p.put("recall", Double.isNaN(s.recall()) ? null : s.recall());
            per.add(p);
        }
        m.put("perLabel", per);
        return m;
    }
}
