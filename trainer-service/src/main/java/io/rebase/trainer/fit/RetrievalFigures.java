package io.rebase.trainer.fit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what {@link DatastoreFit} needs from a RETRIEVED event's details: the rows per dataset and the retriever's
 * relevance figures ({@code scoreStats.inputMedian}, {@code scoreStats.exampleSimilarity}). Missing or malformed
 * entries read as absent: a retriever that sends none gives no relevance warning, never a wrong one.
 */
public final class RetrievalFigures {

    private RetrievalFigures() {
    }

    /** Rows per dataset, from {@code details.datasetMix}. */
    public static Map<String, Long> datasetMix(Map<String, Object> details) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (details != null && details.get("datasetMix") instanceof Map<?, ?> mix) {
            mix.forEach((dataset, n) -> {
                if (n instanceof Number count) {
                    out.put(String.valueOf(dataset), count.longValue());
                }
            });
        }
        return out;
    }

    /** The relevance figures, or null when the details carry no usable pair. */
    public static StreamOutcome.Relevance relevance(Map<String, Object> details) {
        if (details == null || !(details.get("scoreStats") instanceof Map<?, ?> stats)) {
            return null;
        }
        if (stats.get("inputMedian") instanceof Number median && stats.get("exampleSimilarity") instanceof Number similarity
                && Double.isFinite(median.doubleValue()) && Double.isFinite(similarity.doubleValue())) {
            return new StreamOutcome.Relevance(median.doubleValue(), similarity.doubleValue());
        }
        return null;
    }
}
