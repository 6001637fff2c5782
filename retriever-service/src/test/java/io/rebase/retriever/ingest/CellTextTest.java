package io.rebase.retriever.ingest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which cells are embedded, how they are cut, and which count as answer spans of a passage. */
class CellTextTest {

    static final String PASSAGE = "The Normans were the people who in the 10th and 11th centuries gave their name to Normandy, "
            + "a region in France, after Rollo agreed to swear fealty to King Charles III.";

    @Test
    void idAndSplitColumnsAreNotEmbedded() {
        CellText cells = new CellText(List.of("split", "id"), 1000);
        assertThat(cells.embeddable(Map.of("question", "q?", "id", "7", "story_id", "9", "split", "train", "answer", " ")))
                .containsOnlyKeys("question");
    }

    @Test
    void longCellsAreCutAtAWordBoundary() {
        String cut = new CellText(List.of(), 50).cut("word ".repeat(40));
        assertThat(cut.length()).isLessThanOrEqualTo(50).isGreaterThan(40);
        assertThat(cut).doesNotEndWith("wor");
    }

    @Test
    void anAnswerInsideItsPassageIsASpan() {
        assertThat(CellText.spanOf("answer", Map.of("context", PASSAGE, "question", "Where is Normandy?", "answer", "France")))
                .isEqualTo("context");
        assertThat(CellText.spanOf("answer", Map.of("context", PASSAGE, "answer", "Germany"))).isNull();
    }

    @Test
    void numbersAndOptionListsAreNotPassages() {
        assertThat(CellText.spanOf("answer", Map.of("solution", PASSAGE + " So 10 + 1 = 11.", "answer", "11"))).isNull();
        String options = "(A) a region in France (B) a city in Spain (C) an island off Norway (D) a lake in Italy (E) none";
        assertThat(CellText.spanOf("answer_text", Map.of("choices", options, "answer_text", "a city in Spain"))).isNull();
    }
}
