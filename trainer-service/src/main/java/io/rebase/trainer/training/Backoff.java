package io.rebase.trainer.training;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consecutive failures of a task's training units: after the n-th failure the task waits 2^n seconds (2 s, 4 s, ...)
 * so that a passing problem (disk full) can clear; at {@link #MAX_CONSECUTIVE_FAILURES} it gives up. A unit that
 * failed because the database or the broker is away is not the task's fault: it waits {@link #OUTAGE_WAIT_MILLIS}
 * and does not count, however long the outage lasts.
 */
public final class Backoff {

    /** Consecutive failed units after which a task fails. */
    public static final int MAX_CONSECUTIVE_FAILURES = 3;

    /** The wait after a unit that failed during an outage. */
    public static final long OUTAGE_WAIT_MILLIS = 5_000;

    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> retryAt = new ConcurrentHashMap<>();

    /** Whether a unit of {@code taskId} may run at {@code nowMillis}. */
    public boolean mayRun(String taskId, long nowMillis) {
        Long notBefore = retryAt.get(taskId);
        return notBefore == null || nowMillis >= notBefore;
    }

    /** A unit succeeded: the count starts again. */
    public void succeeded(String taskId) {
        failures.remove(taskId);
        retryAt.remove(taskId);
    }

    /**
     * A unit failed at {@code nowMillis}: the task waits before its next unit.
     *
     * @return the number of consecutive failures; at {@link #MAX_CONSECUTIVE_FAILURES} the count is cleared and the
     *         caller fails the task
     */
    public int failed(String taskId, long nowMillis) {
        int n = failures.merge(taskId, 1, Integer::sum);
        retryAt.put(taskId, nowMillis + 1000L * (1L << n));
        if (n >= MAX_CONSECUTIVE_FAILURES) {
            succeeded(taskId);
        }
        return n;
    }

    /** A unit failed at {@code nowMillis} because the infrastructure is away: the task waits, nothing is counted. */
    public void outage(String taskId, long nowMillis) {
        retryAt.put(taskId, nowMillis + OUTAGE_WAIT_MILLIS);
    }

    /** Forgets a task's failures (the task ended). */
    public void forget(String taskId) {
        succeeded(taskId);
    }

    /** Whether {@code n} consecutive failures mean the task fails. */
    public static boolean givesUp(int n) {
        return n >= MAX_CONSECUTIVE_FAILURES;
    }
}
