package io.rebase.trainer.choice;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Leave-one-out over the task's examples, for when they are the only labelled data: each example is predicted by a
 * model trained on the others (and, for a ReBase candidate, the stream), and the score is the share predicted right.
 *
 * <p>How weak this is: with k examples the score moves in steps of 1/k, and its 95 % interval (Wilson) spans
 * about ±0.4 at k = 3 and still ±0.25 at k = 10; the examples were picked by the user, so they need not represent
 * the task's inputs; and each fold trains on one example fewer than the served model. Two candidates whose
 * estimates differ by less than the interval are not told apart by it.
 */
public final class LeaveOneOut {

    private LeaveOneOut() {
    }

    /** An estimate: the share of examples predicted right and its 95 % Wilson interval. */
    public record Estimate(double score, int items, double low, double high) {
    }

    /**
     * Runs the folds.
     *
     * @param examples the task's examples (at least 2: one to hold out, one to train on)
     * @param foldPredictsRight trains on the first argument and tells whether the model predicts the second right
     */
    public static <T> Estimate estimate(List<T> examples, BiPredicate<List<T>, T> foldPredictsRight) {
        if (examples.size() < 2) {
            throw new IllegalArgumentException("leave-one-out needs at least 2 examples, got " + examples.size());
        }
        int right = 0;
        for (int i = 0; i < examples.size(); i++) {
            List<T> rest = new ArrayList<>(examples);
            T held = rest.remove(i);
            if (foldPredictsRight.test(List.copyOf(rest), held)) {
                right++;
            }
        }
        return of(right, examples.size());
    }

    /** The estimate for {@code right} of {@code n} predicted right. */
    public static Estimate of(int right, int n) {
        double p = (double) right / n;
        double z = 1.96;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
        return new Estimate(p, n, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** The caveat to show beside a leave-one-out score over {@code n} examples. */
    public static String weakness(int n) {
        Estimate half = of(n / 2, Math.max(1, n));
        return String.format("leave-one-out over only %d examples: each moves the score by %.2f, the 95%% interval is "
                        + "about ±%.2f, and the examples need not represent the task's inputs; give "
                        + "evaluation.evalSetPath for a reliable choice",
                n, 1.0 / Math.max(1, n), (half.high() - half.low()) / 2);
    }
}
