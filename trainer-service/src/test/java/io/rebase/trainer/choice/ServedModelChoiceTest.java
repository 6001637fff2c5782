package io.rebase.trainer.choice;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.rebase.trainer.choice.ServedModelChoice.FEW_SHOT;
import static io.rebase.trainer.choice.ServedModelChoice.REBASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServedModelChoiceTest {

    private static CandidateScore fewShot(double score) {
        return new CandidateScore(FEW_SHOT, score, Map.of("accuracy", score), false);
    }

    private static CandidateScore rebase(String name, double score) {
        return new CandidateScore(name, score, Map.of("accuracy", score), true);
    }

    private final ServedModelChoice choice = new ServedModelChoice(0);

    @Test
    void theFewShotStudentIsServedWhereItIsBetterAndEveryScoreIsReported() {
        // the reported case: a two-option task, few-shot 0.948, ReBase 0.540
        ServedChoice c = choice.choose("accuracy", EvalBasis.evalFile(250), List.of(fewShot(0.948), rebase(REBASE, 0.540)));

        assertThat(c.served()).isEqualTo(FEW_SHOT);
        assertThat(c.rebase()).isFalse();
        assertThat(c.servedScore()).isEqualTo(0.948);
        assertThat(c.reason()).contains("0.408 above the best ReBase student");
        assertThat(c.toDetails()).containsEntry("served", FEW_SHOT).containsEntry("basis", "eval-file")
                .containsEntry("items", 250).containsEntry("scores", Map.of(FEW_SHOT, 0.948, REBASE, 0.540))
                .doesNotContainKey("weakness");
        assertThat(c.line()).isEqualTo("served few-shot (accuracy few-shot 0.948, rebase 0.540 on 250 items, evaluation file): "
                + "scored 0.408 above the best ReBase student");
    }

    @Test
    void aBetterReBaseStudentIsServed() {
        ServedChoice c = choice.choose("accuracy", EvalBasis.evalFile(200), List.of(fewShot(0.61), rebase(REBASE, 0.66)));

        assertThat(c.served()).isEqualTo(REBASE);
        assertThat(c.rebase()).isTrue();
        assertThat(c.reason()).isEqualTo("scored 0.050 above the few-shot student");
    }

    @Test
    void aTieGoesToTheFewShotStudent() {
        ServedChoice c = choice.choose("accuracy", EvalBasis.evalFile(200), List.of(fewShot(0.5), rebase(REBASE, 0.5)));

        assertThat(c.served()).isEqualTo(FEW_SHOT);
        assertThat(c.reason()).contains("ties go to the few-shot student");
    }

    @Test
    void aReBaseGainWithinTheRequiredMarginDoesNotServeIt() {
        ServedChoice c = new ServedModelChoice(0.02).choose("accuracy", EvalBasis.evalFile(200),
                List.of(fewShot(0.70), rebase(REBASE, 0.71)));

        assertThat(c.served()).isEqualTo(FEW_SHOT);
        assertThat(c.reason()).contains("only 0.010 better, within the required gain of 0.020");
    }

    @Test
    void theBestOfSeveralReBaseCandidatesWinsAndTheFirstOfTiedOnes() {
        ServedChoice best = choice.choose("f1", EvalBasis.evalFile(300),
                List.of(fewShot(0.30), rebase("rebase-plain", 0.35), rebase(REBASE, 0.41)));
        ServedChoice tied = choice.choose("f1", EvalBasis.evalFile(300),
                List.of(fewShot(0.30), rebase(REBASE, 0.41), rebase("rebase-plain", 0.41)));

        assertThat(best.served()).isEqualTo(REBASE);
        assertThat(tied.served()).isEqualTo(REBASE);
    }

    @Test
    void withoutAFewShotStudentTheOnlyCandidateIsServedAndSaysSo() {
        ServedChoice c = choice.choose("accuracy", EvalBasis.evalFile(200), List.of(rebase(REBASE, 0.4)));

        assertThat(c.served()).isEqualTo(REBASE);
        assertThat(c.reason()).contains("no few-shot student");
    }

    @Test
    void withoutAReBaseCandidateTheFewShotStudentIsServed() {
        ServedChoice c = choice.choose("accuracy", EvalBasis.leaveOneOut(4), List.of(fewShot(0.75)));

        assertThat(c.served()).isEqualTo(FEW_SHOT);
        assertThat(c.reason()).contains("examples alone");
        assertThat(c.toDetails()).containsEntry("basis", "leave-one-out")
                .hasEntrySatisfying("weakness", w -> assertThat((String) w).contains("only 4 examples"));
    }

    @Test
    void theHeldOutSliceCarriesItsCaveat() {
        ServedChoice c = choice.choose("accuracy", EvalBasis.heldOut(60), List.of(fewShot(0.4), rebase(REBASE, 0.8)));

        assertThat(c.basis().weakness()).contains("favours the ReBase student").contains("evalSetPath");
        assertThat(EvalBasis.evalFile(40).weakness()).contains("only 40 evaluation items");
    }

    @Test
    void withoutEvaluationDataTheChoiceSaysItCouldNotCompare() {
        ServedChoice c = choice.unscored(true, "no evaluation data: the ReBase student is served as trained");

        assertThat(c.served()).isEqualTo(REBASE);
        assertThat(c.servedScore()).isNull();
        assertThat(c.toDetails()).containsEntry("basis", "none").containsEntry("scores", Map.of())
                .hasEntrySatisfying("weakness", w -> assertThat((String) w).contains("not compared"));
        assertThat(c.line()).isEqualTo("served rebase: no evaluation data: the ReBase student is served as trained");
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertThatThrownBy(() -> choice.choose("accuracy", EvalBasis.evalFile(1), List.of()))
                .hasMessageContaining("no candidate");
        assertThatThrownBy(() -> choice.choose("accuracy", EvalBasis.evalFile(1), List.of(fewShot(0.1),
                new CandidateScore("other", 0.2, Map.of(), false)))).hasMessageContaining("more than one candidate");
        assertThatThrownBy(() -> new CandidateScore(REBASE, 1.5, Map.of(), true)).hasMessageContaining("score must be in [0, 1]");
        assertThatThrownBy(() -> new ServedModelChoice(-0.1)).hasMessageContaining("rebase.trainer.choice.min-gain");
    }
}
