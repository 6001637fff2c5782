package io.rebase.student.eval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Accuracy and macro-averaged F1 over string labels. */
public final class ClassificationMetrics {

    private ClassificationMetrics() {}

    /** Fraction of positions where prediction equals gold. */
    public static double accuracy(List<String> predicted, List<String> gold) {
        check(predicted, gold);
        if (gold.isEmpty()) {
            return 0.0;
        }
        int hit = 0;
        for (int i = 0; i < gold.size(); i++) {
            if (gold.get(i).equals(predicted.get(i))) {
                hit++;
            }
        }
        return (double) hit / gold.size();
    }

    /**
     * Unweighted mean of per-class F1 over every class seen in gold or predictions (a class with no
     * true positives scores 0), as scikit-learn's {@code f1_score(average="macro")}.
     */
    public static double macroF1(List<String> predicted, List<String> gold) {
        check(predicted, gold);
        Set<String> classes = new LinkedHashSet<>(gold);
        classes.addAll(predicted);
        if (classes.isEmpty()) {
            return 0.0;
        }
        double sum = 0;
        for (String c : classes) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int i = 0; i < gold.size(); i++) {
                boolean p = predicted.get(i).equals(c);
                boolean g = gold.get(i).equals(c);
                if (p && g) {
                    tp++;
                } else if (p) {
                    fp++;
                } else if (g) {
                    fn++;
                }
            }
            sum += tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return sum / classes.size();
    }

    private static void check(List<String> predicted, List<String> gold) {
        if (predicted.size() != gold.size()) {
            throw new IllegalArgumentException("sizes differ: " + predicted.size() + " vs " + gold.size());
        }
    }
}
