package io.rebase.trainer.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** The confusion matrix counts gold rows against predicted columns; precision and recall follow from it. */
class ConfusionTest {

    @Test
    void countsAndPerLabelScores() {
        Confusion c = SampleTasks.classificationItems().confusion(List.of("positive", "negative", "neutral"));
        assertThat(c.labels()).containsExactly("positive", "negative", "neutral");
        assertThat(c.counts()).isDeepEqualTo(new long[][] {{2, 1, 0}, {0, 2, 0}, {1, 0, 2}});
        assertThat(c.total()).isEqualTo(8);
        Confusion.LabelScore positive = c.perLabel().get(0);
        assertThat(positive.support()).isEqualTo(3);
        assertThat(positive.predicted()).isEqualTo(3);
        assertThat(positive.precision()).isEqualTo(2 / 3.0, offset(1e-12));
        assertThat(positive.recall()).isEqualTo(2 / 3.0, offset(1e-12));
        Confusion.LabelScore neutral = c.perLabel().get(2);
        assertThat(neutral.precision()).isEqualTo(1.0);
        assertThat(neutral.recall()).isEqualTo(2 / 3.0, offset(1e-12));
    }

    @Test
    void optionLettersWithoutTaskLabelsAreSortedAndANeverPredictedLabelHasNoPrecision() {
        Confusion c = SampleTasks.multipleChoiceItems().confusion(List.of());
        assertThat(c.labels()).containsExactly("A", "B", "C", "D");
        Confusion.LabelScore d = c.perLabel().get(3);
        assertThat(d.predicted()).isZero();
        assertThat(d.precision()).isNaN();
        assertThat(d.recall()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> dJson = ((List<Map<String, Object>>) c.toMap().get("perLabel")).get(3);
        assertThat(dJson).containsEntry("precision", null).containsEntry("recall", 0.0);
    }

    @Test
    void aPredictionOutsideTheLabelsGetsItsOwnColumn() {
        Confusion c = Confusion.of(List.of("yes", "no"), List.of("yes", "no"), List.of("yes", "maybe"));
        assertThat(c.labels()).containsExactly("yes", "no", "maybe");
        assertThat(c.counts()[1][2]).isEqualTo(1);
    }

    @Test
    void mismatchedListsAreRefused() {
        assertThatThrownBy(() -> new FinalEvaluation(List.of("a"), List.of()))
                .hasMessageContaining("1 gold items but 0 predictions");
    }
}
