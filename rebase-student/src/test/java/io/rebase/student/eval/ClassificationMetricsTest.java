package io.rebase.student.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void accuracyAndMacroF1HandComputed() {
        List<String> gold = List.of("a", "a", "a", "b", "b", "c");
        List<String> pred = List.of("a", "a", "b", "b", "c", "c");
        assertEquals(4.0 / 6, ClassificationMetrics.accuracy(pred, gold), 1e-9);
        // a: tp2 fp0 fn1 -> 4/5; b: tp1 fp1 fn1 -> 2/4; c: tp1 fp1 fn0 -> 2/3
        assertEquals((0.8 + 0.5 + 2.0 / 3) / 3, ClassificationMetrics.macroF1(pred, gold), 1e-9);
    }

    @Test
    void macroF1PenalisesMajorityGuessing() {
        List<String> gold = List.of("pos", "pos", "pos", "neg");
        List<String> pred = List.of("pos", "pos", "pos", "pos");
        assertEquals(0.75, ClassificationMetrics.accuracy(pred, gold), 1e-9);
        // pos: 6/7, neg: 0
        assertEquals((6.0 / 7) / 2, ClassificationMetrics.macroF1(pred, gold), 1e-9);
    }
}
