package io.rebase.retriever.retrieval;

import io.rebase.retriever.embedding.Embedder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How relevant a selection is to its task, against a yardstick the task itself gives: the selected rows' input signal
 * (how close a row's cells come to the examples' input fields) beside the same signal for each example scored against
 * the other examples. A selection whose rows resemble the task's inputs far less than its examples resemble each
 * other holds little like the task; the trainer warns about it (its {@code DatastoreFit}).
 */
public final class Relevance {

    /** Key in the selection's {@code scoreStats}: the median input signal of the selected rows. */
    public static final String INPUT_MEDIAN = "inputMedian";
    /** Key in the selection's {@code scoreStats}: the examples' input signal against each other, averaged. */
    public static final String EXAMPLE_SIMILARITY = "exampleSimilarity";

    private Relevance() {
    }

    /** The two figures; the example similarity is absent when no input field has two example values. */
    public static Map<String, Double> of(TaskQueries queries, List<ScoredRow> selected) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!selected.isEmpty()) {
            out.put(INPUT_MEDIAN, round(median(selected.stream().map(r -> r.scores().input()).toList())));
        }
        Double examples = exampleSimilarity(queries.inputs());
        if (examples != null) {
            out.put(EXAMPLE_SIMILARITY, round(examples));
        }
        return out;
    }

    /**
     * Per input field, each example value's best cosine with the other examples' values of that field (the input
     * signal an example would get as a retrieved row, the others being the task's examples), averaged over the values
     * and then over the fields, as the row signal averages its fields.
     */
    static Double exampleSimilarity(Map<String, List<float[]>> inputs) {
        List<Double> perField = new ArrayList<>();
        for (List<float[]> values : inputs.values()) {
            if (values.size() < 2) {
                continue;
            }
            double sum = 0;
            for (int i = 0; i < values.size(); i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < values.size(); j++) {
                    if (i != j) {
                        best = Math.max(best, Embedder.dot(values.get(i), values.get(j)));
                    }
                }
                sum += best;
            }
            perField.add(sum / values.size());
        }
        return perField.isEmpty() ? null : perField.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
