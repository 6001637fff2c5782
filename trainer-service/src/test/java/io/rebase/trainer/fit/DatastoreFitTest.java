package io.rebase.trainer.fit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatastoreFitTest {

    private final DatastoreFit fit = new DatastoreFit(DatastoreFit.DEFAULT_MIN_USABLE_ROWS, DatastoreFit.DEFAULT_MIN_RELEVANCE);

    private static StreamOutcome outcome(long retrieved, long usable, Map<String, Long> rejected, String mode,
                                         StreamOutcome.Relevance relevance) {
        return new StreamOutcome(retrieved, usable, rejected, 0, Map.of("esnli", 400L, "sick", 150L, "rte", 50L),
                mode, List.of("yes", "no"), 3, relevance);
    }

    @Test
    void allRowsRejectedTrainsOnTheExamplesAloneAndSaysWhyAndWhatWouldHelp() {
        // the reported case: 600 rows, every one label-not-mappable, in offline mapping mode
        DatastoreFit.Verdict v = fit.judge(outcome(600, 0, Map.of("label-not-mappable", 600L), "mapping", null));

        assertThat(v.useStream()).isFalse();
        assertThat(v.warnings()).hasSize(1);
        FitWarning w = v.warnings().get(0);
        assertThat(w.code()).isEqualTo(FitWarning.NO_USABLE_ROWS);
        assertThat(w.message()).isEqualTo("None of the 600 retrieved rows (from esnli 400, sick 150, rte 50) became a "
                + "training example: 600 rejected (label-not-mappable 600). The model is trained on the task's 3 "
                + "examples alone; it is not a ReBase model.");
        assertThat(w.advice()).anyMatch(a -> a.contains("transform.mode=llm") && a.contains("(yes, no)"))
                .anyMatch(a -> a.startsWith("other labels"))
                .anyMatch(a -> a.startsWith("other datasets"));
        assertThat(w.toDetails()).containsEntry("retrieved", 600L).containsEntry("usable", 0L)
                .containsEntry("rejectedByReason", Map.of("label-not-mappable", 600L)).containsEntry("code", "no-usable-rows");
        assertThat(w.text()).contains("What would help: an LLM transform mode");
    }

    @Test
    void fewerUsableRowsThanTheMinimumAlsoLeaveTheStreamOut() {
        DatastoreFit.Verdict v = fit.judge(new StreamOutcome(300, 12,
                Map.of("no-field-mapping", 280L, "label-not-mappable", 6L), 2, Map.of(), "mapping", List.of(), 4, null));

        assertThat(v.useStream()).isFalse();
        FitWarning w = v.warnings().get(0);
        assertThat(w.code()).isEqualTo(FitWarning.FEW_USABLE_ROWS);
        assertThat(w.message()).startsWith("Only 12 of the 300 retrieved rows became training examples (fewer than 50): "
                + "286 rejected (no-field-mapping 280, label-not-mappable 6), 2 dead-lettered.");
        assertThat(w.advice()).anyMatch(a -> a.contains("columns do not map")).anyMatch(a -> a.contains("replay-dlq"));
    }

    @Test
    void inLlmModeTheLlmModeIsNotSuggested() {
        FitWarning w = fit.judge(outcome(100, 0, Map.of("label-not-in-set", 100L), "llm", null)).warnings().get(0);

        assertThat(w.advice()).noneMatch(a -> a.contains("transform.mode=llm")).anyMatch(a -> a.startsWith("other labels"));
    }

    @Test
    void enoughUsableRowsOfNormalRelevanceRaiseNothing() {
        DatastoreFit.Verdict v = fit.judge(outcome(600, 550, Map.of("label-not-mappable", 50L), "mapping",
                new StreamOutcome.Relevance(0.55, 0.6)));

        assertThat(v.useStream()).isTrue();
        assertThat(v.warnings()).isEmpty();
    }

    @Test
    void rowsFarLessSimilarThanTheExamplesAreToEachOtherRaiseTheLowRelevanceWarning() {
        DatastoreFit.Verdict v = fit.judge(outcome(600, 600, Map.of(), "mapping", new StreamOutcome.Relevance(0.21, 0.62)));

        assertThat(v.useStream()).isTrue();
        assertThat(v.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(FitWarning.LOW_RELEVANCE);
            assertThat(w.message()).contains("median input similarity 0.21 vs 0.62 between the examples, ratio 0.34 < 0.50");
            assertThat((double) w.details().get("ratio")).isBetween(0.338, 0.339);
        });
    }

    @Test
    void bothWarningsComeMostSeriousFirst() {
        DatastoreFit.Verdict v = fit.judge(outcome(600, 0, Map.of("label-not-mappable", 600L), "mapping",
                new StreamOutcome.Relevance(0.1, 0.5)));

        assertThat(v.warnings()).extracting(FitWarning::code).containsExactly(FitWarning.NO_USABLE_ROWS, FitWarning.LOW_RELEVANCE);
    }

    @Test
    void withoutAYardstickNoRelevanceWarningIsGuessed() {
        assertThat(fit.lowRelevance(outcome(600, 600, Map.of(), "mapping", new StreamOutcome.Relevance(0.1, 0)))).isEmpty();
        assertThat(fit.lowRelevance(outcome(600, 600, Map.of(), "mapping", null))).isEmpty();
    }

    @Test
    void settingsOutOfRangeAreRefusedByName() {
        assertThatThrownBy(() -> new DatastoreFit(0, 0.5)).hasMessageContaining("rebase.trainer.fit.min-usable-rows");
        assertThatThrownBy(() -> new DatastoreFit(10, 1.5)).hasMessageContaining("rebase.trainer.fit.min-relevance");
    }
}
