package io.rebase.trainer.fit;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetrievalFiguresTest {

    @Test
    void readsTheMixAndTheRelevanceOfARetrievedEvent() {
        Map<String, Object> details = Map.of("datasetMix", Map.of("esnli", 400, "sick", 200L),
                "scoreStats", Map.of("min", 0.2, "inputMedian", 0.31, "exampleSimilarity", 0.62));

        assertThat(RetrievalFigures.datasetMix(details)).containsEntry("esnli", 400L).containsEntry("sick", 200L);
        StreamOutcome.Relevance r = RetrievalFigures.relevance(details);
        assertThat(r.inputMedian()).isEqualTo(0.31);
        assertThat(r.ratio()).isEqualTo(0.5);
    }

    @Test
    void missingOrMalformedFiguresReadAsAbsent() {
        assertThat(RetrievalFigures.relevance(null)).isNull();
        assertThat(RetrievalFigures.relevance(Map.of("scoreStats", Map.of("min", 0.1)))).isNull();
        assertThat(RetrievalFigures.relevance(Map.of("scoreStats", Map.of("inputMedian", "x", "exampleSimilarity", 0.5)))).isNull();
        assertThat(RetrievalFigures.datasetMix(Map.of("datasetMix", "oops"))).isEmpty();
    }
}
