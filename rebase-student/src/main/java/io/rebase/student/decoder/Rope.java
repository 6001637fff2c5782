package io.rebase.student.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding in transformers' rotate-half form: {@code x * cos + rotate_half(x) * sin}, where the
 * frequency {@code theta^(-2i/d)} is repeated over both halves of the head. The angles are computed in double
 * precision, as transformers computes {@code inv_freq} before casting.
 */
final class Rope {

    private final double[] inverseFrequencies;
    private final int headDim;

    Rope(double theta, int headDim) {
        this.headDim = headDim;
        this.inverseFrequencies = new double[headDim / 2];
        for (int i = 0; i < inverseFrequencies.length; i++) {
            inverseFrequencies[i] = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
        }
    }

    /**
     * The cos and sin tables [B, 1, L, headDim] for per-row token positions {@code positions[b][l]}, and the
     * rotate-half matrix.
     */
    NDList tables(NDManager manager, int[][] positions) {
        int batch = positions.length;
        int length = positions[0].length;
        float[] cos = new float[batch * length * headDim];
        float[] sin = new float[cos.length];
        int half = headDim / 2;
        for (int b = 0; b < batch; b++) {
            for (int l = 0; l < length; l++) {
                int base = (b * length + l) * headDim;
                for (int i = 0; i < half; i++) {
                    double angle = positions[b][l] * inverseFrequencies[i];
                    float c = (float) Math.cos(angle);
                    float s = (float) Math.sin(angle);
                    cos[base + i] = c;
                    cos[base + half + i] = c;
                    sin[base + i] = s;
                    sin[base + half + i] = s;
                }
            }
        }
        Shape shape = new Shape(batch, 1, length, headDim);
        return new NDList(manager.create(cos, shape), manager.create(sin, shape), rotateHalfMatrix(manager));
    }

    /**
     * The signed permutation {@code P} [headDim, headDim] with {@code x P = rotate_half(x) = concat(-x2, x1)}: one
     * matmul instead of split, negate and concat (its products are exact: every entry is 0 or +-1).
     */
    NDArray rotateHalfMatrix(NDManager manager) {
        int half = headDim / 2;
        float[] p = new float[headDim * headDim];
        for (int j = 0; j < half; j++) {
            p[(j + half) * headDim + j] = -1f;
            p[j * headDim + j + half] = 1f;
        }
        return manager.create(p, new Shape(headDim, headDim));
    }

    /**
     * Rotates {@code x} [B, heads, L, headDim] by the tables of {@link #tables} (cos, sin, and the matrix of
     * {@link #rotateHalfMatrix}); intermediates are closed at once.
     */
    NDArray apply(NDArray x, NDList tables) {
        NDArray rotated = x.matMul(tables.get(2));
        NDArray sinPart = rotated.mul(tables.get(1));
        rotated.close();
        NDArray cosPart = x.mul(tables.get(0));
        NDArray out = cosPart.add(sinPart);
        cosPart.close();
        sinPart.close();
        return out;
    }
}
