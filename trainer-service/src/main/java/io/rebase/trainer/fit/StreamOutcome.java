package io.rebase.trainer.fit;

import java.util.List;
import java.util.Map;

/**
 * What became of a task's retrieved rows, and how relevant the retriever found them: what {@link DatastoreFit} judges.
 *
 * @param retrieved         rows retrieved (the RETRIEVED count)
 * @param usable            rows that became training examples
 * @param rejectedByReason  rows rejected by the transformer, per reason code
 * @param deadLettered      rows that exhausted their retries
 * @param datasetMix        retrieved rows per dataset
 * @param transformMode     how rows were transformed: {@code mapping}, {@code llm} or null when unknown
 * @param taskLabels        the task's labels (classification), empty otherwise
 * @param examples          the task's own examples
 * @param relevance         the retriever's relevance figures, null when it gave none
 */
public record StreamOutcome(long retrieved, long usable, Map<String, Long> rejectedByReason, long deadLettered,
                            Map<String, Long> datasetMix, String transformMode, List<String> taskLabels, int examples,
                            Relevance relevance) {

    public StreamOutcome {
        rejectedByReason = rejectedByReason == null ? Map.of() : Map.copyOf(rejectedByReason);
        datasetMix = datasetMix == null ? Map.of() : Map.copyOf(datasetMix);
        taskLabels = taskLabels == null ? List.of() : List.copyOf(taskLabels);
    }

    /** Rows rejected, all reasons together. */
    public long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The retriever's relevance figures (on the RETRIEVED event's {@code scoreStats}).
     *
     * @param inputMedian       the median input signal of the selected rows: how close a row's cells come to the
     *                          examples' input fields (cosine, averaged over fields)
     * @param exampleSimilarity the same signal for each task example scored against the other examples, averaged: how
     *                          close the task's inputs are to each other
     */
    public record Relevance(double inputMedian, double exampleSimilarity) {

        /** The selected rows' input signal relative to the examples' own; null when the examples give no yardstick. */
        public Double ratio() {
            return exampleSimilarity > 0 ? inputMedian / exampleSimilarity : null;
        }
    }
}
