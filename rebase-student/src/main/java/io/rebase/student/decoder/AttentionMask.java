package io.rebase.student.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The additive attention bias [B, 1, 1, L, T]: 0 where query {@code l} (at absolute index {@code past + l}) may
 * attend key {@code t}, a large negative number where the key is in its future or is padding. A finite value keeps a
 * fully masked row (a padding query) free of NaN; its output is never read.
 */
final class AttentionMask {

    static final float MASKED = -1e9f;

    private AttentionMask() {}

    /** The bias, or null when every query may attend every key (one new token per row and no padding). */
    static NDArray bias(NDManager manager, boolean[][] keyMask, int past, int queries) {
        if (queries == 1 && allTrue(keyMask)) {
            return null;
        }
        int batch = keyMask.length;
        int keys = keyMask[0].length;
        float[] bias = new float[batch * queries * keys];
        for (int b = 0; b < batch; b++) {
            for (int l = 0; l < queries; l++) {
                int row = (b * queries + l) * keys;
                for (int t = 0; t < keys; t++) {
                    boolean visible = t <= past + l && keyMask[b][t];
                    bias[row + t] = visible ? 0f : MASKED;
                }
            }
        }
        return manager.create(bias, new Shape(batch, 1, 1, queries, keys));
    }

    private static boolean allTrue(boolean[][] mask) {
        for (boolean[] row : mask) {
            for (boolean m : row) {
                if (!m) {
                    return false;
                }
            }
        }
        return true;
    }
}
