package io.rebase.student.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;

/**
 * Keys and values of every layer for the tokens seen so far, so that each decoding step only runs the new token
 * through the model. Holds, per batch row, which cached positions are real tokens (left padding is masked) and how
 * many real tokens came before (the next token's rotary position). The arrays live in this cache's own manager;
 * close the cache to free them.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int batch;
    private boolean[][] realKeys;
    private final int[] realCount;
    private int length;

    KvCache(NDManager parent, int layers, int batch) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.batch = batch;
        this.realKeys = new boolean[batch][0];
        this.realCount = new int[batch];
    }

    /** Cached positions (including padding). */
    public int length() {
        return length;
    }

    /**
     * Registers {@code mask[b][l]} (true for a real token) of the tokens about to be appended and returns their
     * rotary positions: the count of real tokens before each, as transformers derives position ids from the
     * attention mask.
     */
    int[][] appendMask(boolean[][] mask) {
        int added = mask[0].length;
        int[][] positions = new int[batch][added];
        for (int b = 0; b < batch; b++) {
            boolean[] grown = Arrays.copyOf(realKeys[b], length + added);
            for (int l = 0; l < added; l++) {
                grown[length + l] = mask[b][l];
                positions[b][l] = Math.max(realCount[b], 0);
                if (mask[b][l]) {
                    realCount[b]++;
                }
            }
            realKeys[b] = grown;
        }
        length += added;
        return positions;
    }

    /** Which cached keys (after {@link #appendMask}) are real tokens, per row. */
    boolean[][] keyMask() {
        return realKeys;
    }

    /** Appends the new keys/values [B, kvHeads, L, headDim] of {@code layer} and returns the full ones. */
    NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
        keys[layer] = grow(keys[layer], newKeys);
        values[layer] = grow(values[layer], newValues);
        return new NDArray[] {keys[layer], values[layer]};
    }

    private NDArray grow(NDArray cached, NDArray added) {
        if (cached == null) {
            added.attach(manager);
            return added;
        }
        // invoked on the cached array, so the result belongs to this cache's manager
        NDArray full = cached.concat(added, 2);
        cached.close();
        return full;
    }

    @Override
    public void close() {
        manager.close();
    }
}
