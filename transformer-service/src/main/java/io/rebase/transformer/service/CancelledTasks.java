package io.rebase.transformer.service;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks a user cancelled (their CANCELLED event was read from task-events): their candidate rows are not
 * transformed. Each replica reads every CANCELLED event, so the set is the same on all replicas once they caught up.
 * Holds one id per cancelled task, which stays small: cancels are user actions.
 */
public final class CancelledTasks {

    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    /** Records a cancel; true when it is new to this replica. */
    public boolean cancel(String taskId) {
        return taskId != null && ids.add(taskId);
    }

    public boolean isCancelled(String taskId) {
        return taskId != null && ids.contains(taskId);
    }
}
