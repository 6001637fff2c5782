package io.rebase.student.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CodeBleu}: CoNaLa's tokenisation and a corpus BLEU-4 worked out by hand. */
class CodeBleuTest {

    @Test
    void tokenisesAsConalaDoes() {
        assertEquals(List.of("df", ".", "sort", "Values", "(", "by", "=", "`", "a", "`", ")"),
                CodeBleu.tokenize("df.sortValues(by='a')"));
        assertEquals(List.of("print", "(", "`", "x", "`", ")"), CodeBleu.tokenize("print(\"x\")"));
    }

    /**
     * References "x = sorted(a, key=len)" (10 tokens) and "print('hi')" (6); hypotheses "x = sorted(a)" (6) and
     * "print('hi')" (6). Clipped matches / possible: 1-grams 12/12, 2-grams 9/10 ("a )" is not in the reference),
     * 3-grams 7/8, 4-grams 5/6. Geometric mean (1 * 0.9 * 0.875 * 5/6)^(1/4) = 0.90005; brevity penalty
     * exp(1 - 16/12) = 0.71653; BLEU = 0.64492.
     */
    @Test
    void corpusBleuMatchesTheHandComputation() {
        double bleu = CodeBleu.corpus(List.of("x = sorted(a, key=len)", "print('hi')"),
                List.of("x = sorted(a)", "print('hi')"));
        double expected = Math.pow(1 * 0.9 * 0.875 * 5.0 / 6, 0.25) * Math.exp(1 - 16.0 / 12);
        assertEquals(expected, bleu, 1e-12);
        assertEquals(0.644915, bleu, 1e-6);
    }

    @Test
    void identicalCodeScoresOneAndNoFourGramMatchScoresZero() {
        assertEquals(1.0, CodeBleu.corpus(List.of("a.b(c, d)"), List.of("a.b(c, d)")), 1e-12);
        assertEquals(0.0, CodeBleu.corpus(List.of("a.b(c, d)"), List.of("a.b")), 0.0);
        assertEquals(0.0, CodeBleu.corpus(List.of("a.b(c, d)"), List.of("")), 0.0);
    }

    @Test
    void mismatchedSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CodeBleu.corpus(List.of("a"), List.of()));
    }
}
