package io.rebase.retriever.retrieval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Equal per-label quotas for the selection of a classification task. Without them the selection inherits the
 * datastore's label skew rather than the task's label set: for a 3-way NLI task every 2-way set (rte, fever,
 * scitail, ...) holds "entailment" and nothing else of the task's labels. A row's label is its output-like cell (the
 * one that matched the examples' outputs) when its text names one of the task's labels ({@link LabelSpellings}: by
 * text hash, so no row payload is read to decide). Rows without such a label (another label set, numeric label ids)
 * are not limited: the transformer maps or rejects them.
 * <p>
 * Within a label's share, one dataset holds at most the dataset share cap of it. Otherwise the dataset that ranks
 * best spends its whole cap on one or two labels, and a dataset that only resembles the task in one label fills the
 * rest (scitail, whose "neutral" means "not entailed", would fill the entailment share).
 */
final class LabelQuotas {

    private final LabelSpellings spellings;
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Map<String, Integer> datasetCounts = new HashMap<>();
    private final int quota;
    private final int datasetQuota;

    private LabelQuotas(List<String> labels, int topRows, double datasetShare) {
        this.spellings = new LabelSpellings(labels);
        this.quota = labels.isEmpty() ? Integer.MAX_VALUE : (topRows + labels.size() - 1) / labels.size();
        this.datasetQuota = labels.isEmpty() ? Integer.MAX_VALUE : Math.max(1, (int) Math.floor(datasetShare * quota));
    }

    /**
     * Quotas over {@code labels}, {@code datasetShare} of each for one dataset at most; none (every label
     * unlimited) when there are fewer than two labels.
     */
    static LabelQuotas of(List<String> labels, int topRows, double datasetShare) {
        return new LabelQuotas(labels == null || labels.size() < 2 ? List.of() : labels, topRows, datasetShare);
    }

    /** The task label {@code row} carries, or null. */
    String labelOf(ScoredRow row) {
        return spellings.labelOf(row.outputTextHash());
    }

    /** Whether {@code label}'s share, or {@code dataset}'s part of it, is taken (never for null). */
    boolean full(String label, String dataset) {
        return label != null && (counts.getOrDefault(label, 0) >= quota
                || datasetCounts.getOrDefault(label + '\u0000' + dataset, 0) >= datasetQuota);
    }

    /** Counts a selected row of {@code label} (null: none of the task's labels) from {@code dataset}. */
    void count(String label, String dataset) {
        counts.merge(label == null ? "(other)" : label, 1, Integer::sum);
        if (label != null) {
            datasetCounts.merge(label + '\u0000' + dataset, 1, Integer::sum);
        }
    }

    /** Selected rows per task label, "(other)" for rows without one; empty when the task has no quotas. */
    Map<String, Integer> mix() {
        return spellings.isEmpty() ? Map.of() : Map.copyOf(counts);
    }
}
