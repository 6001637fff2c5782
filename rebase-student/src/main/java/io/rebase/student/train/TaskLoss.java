package io.rebase.student.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.rebase.student.data.EncodedSequence;
import io.rebase.student.data.Instance;
import io.rebase.student.model.PaddedBatch;
import io.rebase.student.model.StudentModel;
import java.util.ArrayList;
import java.util.List;

/** Cross-entropy losses of the three task heads. */
final class TaskLoss {

    private static final float MASKED = -1e9f;

    private TaskLoss() {}

    /** Mean loss of a batch; arrays are created in {@code m}. */
    static NDArray of(StudentModel model, List<Instance> batch, NDManager m, boolean training) {
        return of(model, batch, m, training, null);
    }

    /**
     * Mean loss of a batch with per-instance weights for the classification and multiple-choice
     * cross-entropy ({@code null}: unweighted; ignored for QA). The weighted sum is divided by the batch
     * size, not by the sum of the weights: with weights whose expectation is 1 (inverse label frequency)
     * this is an unbiased estimate of the class-balanced loss, whereas normalising by the weights would
     * undo the balance of a batch that happens to hold only one label.
     */
    static NDArray of(StudentModel model, List<Instance> batch, NDManager m, boolean training, float[] weights) {
        switch (model.spec().type()) {
            case CLASSIFICATION -> {
                List<EncodedSequence> seqs = new ArrayList<>();
                int[] labels = new int[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    seqs.add(batch.get(i).sequences().get(0));
                    labels[i] = batch.get(i).label();
                }
                NDArray logits = model.logits(PaddedBatch.of(seqs, m), training);
                return crossEntropy(logits, labels, m, weights);
            }
            case MULTIPLE_CHOICE -> {
                List<List<EncodedSequence>> groups = new ArrayList<>();
                int[] labels = new int[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    groups.add(batch.get(i).sequences());
                    labels[i] = batch.get(i).label();
                }
                return crossEntropy(model.choiceLogits(groups, m, training), labels, m, weights);
            }
            case EXTRACTIVE_QA -> {
                List<EncodedSequence> seqs = new ArrayList<>();
                int[] starts = new int[batch.size()];
                int[] ends = new int[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    seqs.add(batch.get(i).sequences().get(0));
                    starts[i] = batch.get(i).spanStart();
                    ends[i] = batch.get(i).spanEnd();
                }
                var inputs = PaddedBatch.of(seqs, m);
                NDArray logits = model.logits(inputs, training);
                NDArray padding = inputs.get(2).neg().add(1f).mul(MASKED);
                NDArray startLogits = logits.get(new NDIndex(":, :, 0")).add(padding);
                NDArray endLogits = logits.get(new NDIndex(":, :, 1")).add(padding);
                return crossEntropy(startLogits, starts, m, null).add(crossEntropy(endLogits, ends, m, null)).div(2f);
            }
            default -> throw new IllegalStateException();
        }
    }

    private static NDArray crossEntropy(NDArray logits, int[] labels, NDManager m, float[] weights) {
        long classes = logits.getShape().get(1);
        long[] l = new long[labels.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels[i];
        }
        NDArray oneHot = m.create(l).oneHot((int) classes).toType(DataType.FLOAT32, false);
        NDArray perExample = logits.logSoftmax(-1).mul(oneHot).sum(new int[] {1}).neg();
        return weights == null ? perExample.mean() : perExample.mul(m.create(weights)).mean();
    }
}
