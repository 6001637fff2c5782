package io.rebase.student.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * transformers' causal-LM loss: position {@code t} predicts {@code labels[t + 1]}; labels of {@link #IGNORE} (prompt
 * and padding positions) are skipped; the result is the mean cross-entropy over the remaining positions of the whole
 * batch, computed in float32.
 */
public final class CausalLmLoss {

    /** The label of a position that is not trained (transformers' {@code ignore_index}). */
    public static final int IGNORE = -100;

    private CausalLmLoss() {}

    /** Scalar loss of {@code logits} [B, L, V] against {@code labels} [B][L]. */
    public static NDArray of(NDManager sub, NDArray logits, int[][] labels) {
        int batch = labels.length;
        int length = labels[0].length;
        long[] targets = new long[batch * (length - 1)];
        float[] keep = new float[targets.length];
        int kept = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 1; t < length; t++) {
                int label = labels[b][t];
                int i = b * (length - 1) + t - 1;
                if (label != IGNORE) {
                    targets[i] = label;
                    keep[i] = 1f;
                    kept++;
                }
            }
        }
        if (kept == 0) {
            throw new IllegalArgumentException("no labelled position: every label after the first is " + IGNORE);
        }
        NDArray logProbs = logits.get(new NDIndex(":, :-1, :")).logSoftmax(-1);
        NDArray picked = logProbs.gather(sub.create(targets, new Shape(batch, length - 1, 1)), 2)
                .reshape(batch, length - 1);
        return picked.mul(sub.create(keep, new Shape(batch, length - 1))).sum().neg().div((float) kept);
    }
}
