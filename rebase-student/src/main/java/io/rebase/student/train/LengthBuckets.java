package io.rebase.student.train;

import io.rebase.student.data.Instance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Groups instances into batches of similar length so dynamic padding wastes little compute, while
 * keeping randomness: shuffle, sort within pools of 50 batches, cut, shuffle batch order.
 */
public final class LengthBuckets {

    private static final int POOL_BATCHES = 50;

    private LengthBuckets() {}

    /** Splits {@code instances} into batches of at most {@code batchSize}. */
    public static List<List<Instance>> batches(List<Instance> instances, int batchSize, Random random) {
        List<Instance> shuffled = new ArrayList<>(instances);
        Collections.shuffle(shuffled, random);
        List<List<Instance>> out = new ArrayList<>();
        int pool = batchSize * POOL_BATCHES;
        for (int p = 0; p < shuffled.size(); p += pool) {
            List<Instance> chunk = new ArrayList<>(shuffled.subList(p, Math.min(p + pool, shuffled.size())));
            chunk.sort(Comparator.comparingInt(Instance::maxLength));
            for (int b = 0; b < chunk.size(); b += batchSize) {
                out.add(chunk.subList(b, Math.min(b + batchSize, chunk.size())));
            }
        }
        Collections.shuffle(out, random);
        return out;
    }
}
