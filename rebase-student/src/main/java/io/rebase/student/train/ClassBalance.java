package io.rebase.student.train;

import io.rebase.student.data.Instance;
import java.util.Arrays;
import java.util.List;

/**
 * Inverse label frequency weights for the cross-entropy of classification and multiple-choice students,
 * counted incrementally over the examples the trainer has received (not the replayed ones, which were
 * counted when they first arrived).
 *
 * <p>Why: ReBase examples inherit the label skew of the retrieved datasets (e.g. half of the mapped NLI rows
 * are "entailment"), and a student trained on them with a plain loss collapses to the majority label. With
 * weight {@code w_c = N / (K * n_c)} (N counted examples, K labels seen, n_c examples of label c) every label
 * contributes the same expected loss, and the expected weight of an example is 1, so the learning rate keeps
 * its calibrated meaning. Weights are capped at {@link #MAX_WEIGHT} so a label seen a handful of times
 * cannot dominate the gradient. Labels not seen yet weigh 1. Not thread-safe.
 */
public final class ClassBalance {

    /** Upper bound of a label's weight (a label 10x rarer than the average weighs at most this). */
    public static final double MAX_WEIGHT = 10.0;

    private long[] counts = new long[0];

    /** Counts the labels of newly received instances (QA instances, label -1, are ignored). */
    public void count(List<Instance> received) {
        for (Instance i : received) {
            int label = i.label();
            if (label < 0) {
                continue;
            }
            if (label >= counts.length) {
                counts = Arrays.copyOf(counts, label + 1);
            }
            counts[label]++;
        }
    }

    /** The weight of label {@code label} given the counts so far. */
    public double weight(int label) {
        long total = 0;
        int seen = 0;
        for (long c : counts) {
            total += c;
            seen += c > 0 ? 1 : 0;
        }
        if (label < 0 || label >= counts.length || counts[label] == 0 || seen < 2) {
            return 1.0;
        }
        return Math.min(MAX_WEIGHT, total / ((double) seen * counts[label]));
    }

    /** One weight per instance of {@code batch}, in order. */
    public float[] weights(List<Instance> batch) {
        float[] w = new float[batch.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) weight(batch.get(i).label());
        }
        return w;
    }

    /** Examples counted per label index (a copy; saved with checkpoints). */
    public long[] counts() {
        return counts.clone();
    }

    /** Replaces the counts, e.g. from a checkpoint. */
    public void restore(long[] saved) {
        counts = saved.clone();
    }
}
