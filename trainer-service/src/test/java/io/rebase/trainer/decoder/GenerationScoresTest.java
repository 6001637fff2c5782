package io.rebase.trainer.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rebase.contracts.TaskType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Answer extraction and metrics of generated texts, per task type. */
class GenerationScoresTest {

    @Test
    void classificationReadsTheLabelOrASynonymFromTheAnswerLine() {
        GenerationScores s = new GenerationScores(TaskType.CLASSIFICATION, List.of("entailment", "contradiction", "neutral"));
        assertEquals("entailment", s.answer("A dog is an animal. So the answer is entailed."));
        assertEquals("contradiction", s.answer("So the answer is contradiction."));
        assertEquals("neutral", s.answer("it is probably neutral"));
        assertNull(s.answer("So the answer is banana."));
        Map<String, Double> m = s.score(List.of("So the answer is entailed.", "So the answer is banana."),
                List.of(List.of("entailment"), List.of("neutral")));
        assertEquals(0.5, m.get("accuracy"));
        assertEquals(0.5, m.get("exact_match"));
    }

    @Test
    void multipleChoiceReadsTheOptionLetter() {
        GenerationScores s = new GenerationScores(TaskType.MULTIPLE_CHOICE, List.of());
        assertEquals("B", s.answer("Plants need light. So the answer is (B)."));
        assertEquals("C", s.answer("C"));
        assertEquals(1.0, s.score(List.of("So the answer is B."), List.of(List.of("B"))).get("accuracy"));
    }

    @Test
    void generationScoresExactMatchAndCodeBleuOnTheAnswer() {
        GenerationScores s = new GenerationScores(TaskType.GENERATION, List.of());
        Map<String, Double> m = s.score(List.of("sort it. So the answer is sorted(a).", "print('hi')"),
                List.of(List.of("sorted(a)"), List.of("print('hi')")));
        assertEquals(1.0, m.get("exact_match"));
        assertEquals(1.0, m.get("bleu"), 1e-12);
        assertEquals("sort it.", GenerationScores.rationale("sort it. So the answer is sorted(a)."));
        assertEquals("", GenerationScores.rationale("sorted(a)"));
    }
}
