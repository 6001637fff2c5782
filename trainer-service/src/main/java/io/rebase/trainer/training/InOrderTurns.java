package io.rebase.trainer.training;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Who gets a training thread next: the oldest admitted task whose unit has work, so admitted tasks run to completion
 * in the order they arrived. A task further down the list trains only while every older one has nothing to do (no
 * spec yet, no free slot, or waiting on upstream data), so no one's turn is cut into slices that would have to be
 * checkpointed and resumed, and the CPU goes to one task at a time rather than to switching between them.
 *
 * <p>Never two units of one task at once: a task whose unit runs on another thread is passed over.
 */
public final class InOrderTurns {

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * Offers a turn to each task of {@code admitted} in order until one has work.
     *
     * @param admitted the unfinished tasks, oldest first
     * @param unit     runs one unit of a task; true when it did work (trained, finished or failed the task), false
     *                 when the task had nothing to do
     * @return the task that worked, or null when none had work
     */
    public String next(List<String> admitted, Predicate<String> unit) {
        for (String taskId : admitted) {
            if (!inFlight.add(taskId)) {
                continue;
            }
            try {
                if (unit.test(taskId)) {
                    return taskId;
                }
            } finally {
                inFlight.remove(taskId);
            }
        }
        return null;
    }

    /** Whether a unit of {@code taskId} is running. */
    public boolean running(String taskId) {
        return inFlight.contains(taskId);
    }
}
