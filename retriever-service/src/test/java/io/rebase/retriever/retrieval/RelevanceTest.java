package io.rebase.retriever.retrieval;

import io.rebase.contracts.RowScores;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RelevanceTest {

    private static float[] unit(double... v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    private static ScoredRow row(double input) {
        return new ScoredRow("d/c/" + input, "d", "c", 0, new RowScores(input, 0, 0, input, "a", "b"), 0, 0, 1,
                List.of("a", "b"), List.of(), null);
    }

    @Test
    void eachExampleIsScoredAgainstItsBestOtherExampleFieldByFieldAndTheFieldsAveraged() {
        Map<String, List<float[]>> inputs = new LinkedHashMap<>();
        // premise: the first two are the same direction (1.0), the third at 0.6 to the first -> (1 + 1 + 0.6) / 3
        inputs.put("premise", List.of(unit(1, 0), unit(1, 0), unit(0.6, 0.8)));
        // hypothesis: orthogonal pairs -> 0 each
        inputs.put("hypothesis", List.of(unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1)));

        assertThat(Relevance.exampleSimilarity(inputs)).isCloseTo((2.6 / 3 + 0) / 2, within(1e-6));
    }

    @Test
    void aFieldWithOneValueGivesNoYardstick() {
        assertThat(Relevance.exampleSimilarity(Map.of("text", List.of(unit(1, 0))))).isNull();
    }

    @Test
    void theFiguresAreTheMedianRowInputAndTheExampleSimilarity() {
        TaskQueries q = new TaskQueries(Map.of("text", List.of(unit(1, 0), unit(0.8, 0.6))), List.of(), unit(1, 0), "text");

        Map<String, Double> figures = Relevance.of(q, List.of(row(0.2), row(0.5), row(0.3), row(0.9)));

        assertThat(figures.get(Relevance.INPUT_MEDIAN)).isCloseTo(0.4, within(1e-6));
        assertThat(figures.get(Relevance.EXAMPLE_SIMILARITY)).isCloseTo(0.8, within(1e-6));
        assertThat(Relevance.of(q, List.of())).containsOnlyKeys(Relevance.EXAMPLE_SIMILARITY);
    }
}
