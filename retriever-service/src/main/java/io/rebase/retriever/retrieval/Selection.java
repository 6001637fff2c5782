package io.rebase.retriever.retrieval;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The rows chosen for a task, in rank order, and what the selection did.
 *
 * @param taskId               the task
 * @param createdAt            when
 * @param rows                 the selected rows, rank 1 first
 * @param datasetMix           rows per dataset
 * @param labelMix             classification with label balance: rows per task label ("(other)": rows whose
 *                             output cell names none of them); empty otherwise
 * @param candidatesScored     rows scored exactly
 * @param nearDuplicatesDropped rows dropped as near-duplicates of better ones
 * @param contaminatedDropped  rows dropped for n-gram overlap with the decontamination texts
 * @param excludedDatasets     datasets excluded by name
 * @param foreignLabelConfigs  classification: configs whose rows were not selected because none of their labels is one
 *                             of the task's (and no LLM will relabel them), see {@link ForeignLabels}
 * @param foreignLabelRows     candidate rows scored and then not selected for that reason (rows of configs without
 *                             card labels whose output cell names none of the task's labels, among them)
 * @param maxPerDataset        the share cap in rows
 * @param scoreStats           min, mean and max of the combined score, and the {@link Relevance} figures
 *                             ({@code inputMedian}, {@code exampleSimilarity})
 * @param latencyMs            time from request to selection
 * @param exact                whether the search was exact (brute force)
 */
public record Selection(String taskId, Instant createdAt, List<ScoredRow> rows, Map<String, Long> datasetMix,
                        Map<String, Integer> labelMix, int candidatesScored, int nearDuplicatesDropped, int contaminatedDropped,
                        List<String> excludedDatasets, List<String> foreignLabelConfigs, int foreignLabelRows, int maxPerDataset, Map<String, Double> scoreStats,
                        long latencyMs, boolean exact) {
}
