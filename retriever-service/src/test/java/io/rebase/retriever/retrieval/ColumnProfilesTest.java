package io.rebase.retriever.retrieval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure parts of a config profile: word counts, medians, the extractive shape. */
class ColumnProfilesTest {

    @Test
    void wordsAndMedians() {
        assertThat(ColumnProfiles.words("  two\twords \n")).isEqualTo(2);
        assertThat(ColumnProfiles.words("")).isZero();
        assertThat(ColumnProfiles.median(List.of(5, 1, 3))).isEqualTo(3.0);
        assertThat(ColumnProfiles.median(List.of(4, 1, 3, 2))).isEqualTo(2.5);
    }

    @Test
    void anAnswerInsideAPassageIsTheExtractiveShape() {
        Map<String, Double> words = Map.of("context", 130.0, "question", 9.0, "answer", 3.0, "choices", 15.0);
        assertThat(new ColumnProfiles.Profile(words, Map.of("answer\u0000context", 0.9)).extractive()).isTrue();
        // rarely inside: abstractive answers
        assertThat(new ColumnProfiles.Profile(words, Map.of("answer\u0000context", 0.2)).extractive()).isFalse();
        // inside a short option list, not a passage (multiple choice)
        assertThat(new ColumnProfiles.Profile(words, Map.of("answer\u0000choices", 1.0)).extractive()).isFalse();
        assertThat(ColumnProfiles.Profile.NONE.extractive()).isFalse();
    }

    @Test
    void containmentCountsOnlyRowsWhereTheInnerTextIsTheShorter() {
        java.util.function.BiFunction<String, String, Map<String, String>> row = (question, answer) ->
                Map.of("question", question, "context", "Normandy is a region in France, named after the Normans.", "answer", answer);
        ColumnProfiles.Profile profile = ColumnProfiles.profileOf(List.of(
                row.apply("Where is Normandy?", "France"),
                row.apply("Is Normandy in France or Spain?", "FRANCE"),
                // an answer longer than the question: no evidence either way about copying from the question
                row.apply("Where?", "In the north of France"),
                row.apply("Who named it?", "")));
        assertThat(profile.words()).containsEntry("question", 3.0).containsEntry("answer", 1.0);
        assertThat(profile.containedIn("answer", "context")).isEqualTo(2.0 / 3);
        assertThat(profile.containedIn("answer", "question")).isEqualTo(0.5);
        assertThat(profile.containedIn("context", "answer")).isNull();
    }
}
