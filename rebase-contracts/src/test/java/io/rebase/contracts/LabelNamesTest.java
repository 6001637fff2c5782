package io.rebase.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LabelNamesTest {

    @Test
    void spellingsAndSynonymsAreTheSameLabel() {
        assertThat(LabelNames.same("Not_Entailment", "not entailment")).isTrue();
        assertThat(LabelNames.same("pos", "Positive")).isTrue();
        assertThat(LabelNames.same("entails", "entailment")).isTrue();
        assertThat(LabelNames.same("positive", "negative")).isFalse();
        assertThat(LabelNames.same("subjective", "positive")).isFalse();
        assertThat(LabelNames.same("", "")).isFalse();
    }

    @Test
    void aConfigSharesALabelWhenAnyOfItsLabelsIsOneOfTheTasks() {
        List<String> nli = List.of("entailment", "neutral", "contradiction");
        assertThat(LabelNames.anyShared(nli, List.of("entailment", "not_entailment"))).isTrue();
        assertThat(LabelNames.anyShared(nli, List.of("True", "False", "Uncertain"))).isFalse();
        assertThat(LabelNames.anyShared(List.of("positive", "negative"), List.of("subjective", "objective"))).isFalse();
        assertThat(LabelNames.anyShared(List.of("positive", "negative"), List.of("very negative", "negative", "neutral"))).isTrue();
    }
}
