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

    /**
     * The same loss from the hidden states [B, L, H]: the head runs only on the positions that predict a label, so
     * neither the logits nor their gradient of unlabelled positions (the prompt, padding) is ever materialised.
     */
    public static NDArray ofHidden(NDManager sub, NDArray hidden, NDArray head, int[][] labels) {
        return ofHidden(sub, hidden, head, labels, labelled(labels));
    }

    /**
     * The summed cross-entropy of the labelled positions divided by {@code denominator}: with the labelled count of
     * a whole batch, the losses of its micro-batches add up to the batch's mean.
     */
    public static NDArray ofHidden(NDManager sub, NDArray hidden, NDArray head, int[][] labels, int denominator) {
        int batch = labels.length;
        int length = labels[0].length;
        int hiddenSize = (int) hidden.getShape().get(2);
        long[] rows = new long[batch * (length - 1)];
        long[] targets = new long[rows.length];
        int kept = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 1; t < length; t++) {
                if (labels[b][t] != IGNORE) {
                    rows[kept] = (long) b * length + t - 1;
                    targets[kept] = labels[b][t];
                    kept++;
                }
            }
        }
        if (kept == 0) {
            throw new IllegalArgumentException("no labelled position: every label after the first is " + IGNORE);
        }
        NDArray flat = hidden.reshape(batch * length, hiddenSize);
        NDArray picked = DecoderForward.closing(flat, flat.get(sub.create(java.util.Arrays.copyOf(rows, kept))));
        NDArray logits = DecoderForward.closing(picked,
                ai.djl.nn.core.Linear.linear(picked, head, null).singletonOrThrow());
        NDArray logProbs = DecoderForward.closing(logits, logits.logSoftmax(-1));
        NDArray chosen = DecoderForward.closing(logProbs,
                logProbs.gather(sub.create(java.util.Arrays.copyOf(targets, kept), new Shape(kept, 1)), 1));
        NDArray sum = DecoderForward.closing(chosen, chosen.sum());
        NDArray negated = DecoderForward.closing(sum, sum.neg());
        return DecoderForward.closing(negated, negated.div((float) denominator));
    }

    /** Positions that predict a label (labels after the first that are not {@link #IGNORE}). */
    public static int labelled(int[][] labels) {
        int kept = 0;
        for (int[] row : labels) {
            for (int t = 1; t < row.length; t++) {
                if (row[t] != IGNORE) {
                    kept++;
                }
            }
        }
        return kept;
    }

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
