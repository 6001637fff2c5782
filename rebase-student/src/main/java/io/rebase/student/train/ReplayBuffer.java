package io.rebase.student.train;

import io.rebase.student.data.Example;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A bounded uniform sample (reservoir) of every example seen, for rehearsal against forgetting. */
public final class ReplayBuffer {

    private final int capacity;
    private final Random random;
    private final List<Example> items = new ArrayList<>();
    private long seen;

    public ReplayBuffer(int capacity, Random random) {
        this.capacity = capacity;
        this.random = random;
    }

    /** Draws up to {@code n} distinct stored examples. */
    public List<Example> sample(int n) {
        List<Example> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(n, copy.size()));
    }

    /** Offers examples to the reservoir. */
    public void addAll(List<Example> examples) {
        for (Example e : examples) {
            seen++;
            if (items.size() < capacity) {
                items.add(e);
            } else {
                long j = (long) (random.nextDouble() * seen);
                if (j < capacity) {
                    items.set((int) j, e);
                }
            }
        }
    }

    /** Stored examples. */
    public List<Example> contents() {
        return List.copyOf(items);
    }

    /** Examples offered so far. */
    public long seen() {
        return seen;
    }

    /** Restores state saved with a checkpoint. */
    public void restore(List<Example> stored, long seenCount) {
        items.clear();
        items.addAll(stored.subList(0, Math.min(stored.size(), capacity)));
        seen = seenCount;
    }
}
