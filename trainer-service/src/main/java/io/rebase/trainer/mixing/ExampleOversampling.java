package io.rebase.trainer.mixing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Puts the task's own examples into every batch: of each batch of {@code batchSize}, {@link #slots(int)} places
 * hold the task's examples and the rest the stream's. The examples are the only data known to be right; seen once
 * among thousands of retrieved rows they barely move the student, so each batch (of the incremental units and of
 * the final passes alike) carries a fixed share of them.
 *
 * <p>The examples fill their slots in turns: a seeded shuffle of all of them, used up before the next shuffle, so
 * that every example is seen as often as the others (to within one) and a run repeats exactly with the same seed.
 */
public final class ExampleOversampling {

    /** Above this share the stream would be the minority of every batch: that is few-shot training, not ReBase. */
    public static final double MAX_SHARE = 0.5;

    private final double share;

    /** @param share the part of each batch given to the task's examples, in [0, {@value #MAX_SHARE}]; 0 disables */
    public ExampleOversampling(double share) {
        if (!(share >= 0 && share <= MAX_SHARE)) {
            throw new IllegalArgumentException("rebase.trainer.example-share must be in [0, " + MAX_SHARE + "], was " + share);
        }
        this.share = share;
    }

    /** Splits items into batches of at most the given size (the student's length bucketing). */
    @FunctionalInterface
    public interface Batcher<T> {
        List<List<T>> batches(List<T> items, int batchSize);
    }

    public double share() {
        return share;
    }

    /** Places for the task's examples in a batch of {@code batchSize}: at least one when the share is not 0. */
    public int slots(int batchSize) {
        if (share == 0 || batchSize < 2) {
            return 0;
        }
        return (int) Math.max(1, Math.min(batchSize - 1, Math.round(share * batchSize)));
    }

    /**
     * The batches of one unit of training.
     *
     * @param stream    the unit's stream items (new and replayed)
     * @param examples  the task's own examples (their training items)
     * @param batchSize items per batch
     * @param random    the session's seeded random source (shuffles and turns)
     * @param batcher   how stream items are cut into batches (of {@code batchSize - slots})
     * @return every stream item once, each batch topped up with the task's examples; with no stream item, the
     *         examples alone once; with a share of 0, the stream alone
     */
    public <T> List<List<T>> batches(List<T> stream, List<T> examples, int batchSize, Random random, Batcher<T> batcher) {
        if (stream.isEmpty()) {
            return examples.isEmpty() ? List.of() : batcher.batches(examples, batchSize);
        }
        int slots = examples.isEmpty() ? 0 : slots(batchSize);
        if (slots == 0) {
            return batcher.batches(stream, batchSize);
        }
        Turns<T> turns = new Turns<>(examples, random);
        List<List<T>> out = new ArrayList<>();
        for (List<T> streamBatch : batcher.batches(stream, batchSize - slots)) {
            List<T> batch = new ArrayList<>(streamBatch);
            // a short last batch gets the same share, not a batch mostly of examples
            int n = streamBatch.size() == batchSize - slots ? slots
                    : (int) Math.max(1, Math.round(streamBatch.size() * share / (1 - share)));
            for (int i = 0; i < n; i++) {
                batch.add(turns.next());
            }
            out.add(batch);
        }
        return out;
    }

    /** How many example items {@link #batches} adds to {@code streamItems} stream items (for step planning). */
    public int addedFor(int streamItems, int batchSize) {
        int slots = slots(batchSize);
        if (slots == 0 || streamItems == 0) {
            return 0;
        }
        int per = batchSize - slots;
        int full = streamItems / per;
        int rest = streamItems % per;
        return full * slots + (rest == 0 ? 0 : (int) Math.max(1, Math.round(rest * share / (1 - share))));
    }

    /** The examples in turns: a shuffle of all of them, used up before the next. */
    private static final class Turns<T> {
        private final List<T> items;
        private final Random random;
        private final List<T> round = new ArrayList<>();

        Turns(List<T> items, Random random) {
            this.items = items;
            this.random = random;
        }

        T next() {
            if (round.isEmpty()) {
                round.addAll(items);
                Collections.shuffle(round, random);
            }
            return round.remove(round.size() - 1);
        }
    }
}
