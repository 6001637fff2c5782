package io.rebase.retriever.retrieval;

import io.rebase.retriever.embedding.Embedder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Finds near-duplicate rows among those kept so far without comparing every pair: rows are bucketed by
 * random-hyperplane hashes (several tables), and only rows sharing a bucket are compared exactly. Rows above
 * the threshold (0.9 and more) almost always share a bucket in at least one table.
 */
public final class NearDuplicates {

    private static final int TABLES = 6;
    private static final int BITS = 10;

    private final double threshold;
    private final float[][][] planes;
    private final Map<Long, List<float[]>> buckets = new HashMap<>();

    public NearDuplicates(double threshold, int dimension) {
        this.threshold = threshold;
        Random random = new Random(42);
        planes = new float[TABLES][BITS][dimension];
        for (float[][] table : planes) {
            for (float[] plane : table) {
                for (int i = 0; i < dimension; i++) {
                    plane[i] = (float) random.nextGaussian();
                }
            }
        }
    }

    /** True when {@code v} is within the threshold of a kept vector; otherwise keeps it. */
    public boolean duplicateElseKeep(float[] v) {
        long[] keys = new long[TABLES];
        for (int t = 0; t < TABLES; t++) {
            long bits = 0;
            for (int b = 0; b < BITS; b++) {
                if (Embedder.dot(planes[t][b], v) >= 0) {
                    bits |= 1L << b;
                }
            }
            keys[t] = ((long) t << 32) | bits;
            List<float[]> bucket = buckets.get(keys[t]);
            if (bucket != null) {
                for (float[] other : bucket) {
                    if (Embedder.dot(other, v) > threshold) {
                        return true;
                    }
                }
            }
        }
        for (long key : keys) {
            buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
        }
        return false;
    }
}
