package io.rebase.student.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

import java.util.List;

/** The global L2 norm of a step's gradients, which gradient clipping scales by (encoder and decoder trainers). */
public final class GradientNorm {

    private GradientNorm() {}

    /** L2 norm over all gradients with a single device-to-host read. */
    public static double of(List<NDArray> grads) {
        NDList partial = new NDList(grads.size());
        for (NDArray g : grads) {
            try (NDArray sq = g.square()) {
                partial.add(sq.sum());
            }
        }
        try (NDArray total = NDArrays.stack(partial).sum()) {
            return Math.sqrt(total.getFloat());
        } finally {
            partial.close();
        }
    }
}
