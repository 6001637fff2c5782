package io.rebase.trainer.training;

import java.time.Instant;

/**
 * What the consumers learnt about a task's stream, as training needs it.
 *
 * @param taskId          the task
 * @param requestJson     the task request, null until it arrived
 * @param retrieved       the RETRIEVED count, null until it arrived
 * @param upstreamFailure why another service failed the task, or null
 * @param lastActivityAt  when an example or event last arrived
 * @param createdAt       when the first record of the task arrived
 * @param cancelledAt     when the task's CANCELLED event was read, or null
 */
public record StreamState(String taskId, String requestJson, Long retrieved, String upstreamFailure,
                          Instant lastActivityAt, Instant createdAt, Instant cancelledAt) {

    /** Whether the task's spec is still missing {@code timeout} after its first record: an id no one accepted. */
    public boolean specOverdue(java.time.Duration timeout, Instant now) {
        return requestJson == null && createdAt != null && !createdAt.plus(timeout).isAfter(now);
    }

    /** Whether a user cancelled the task. */
    public boolean cancelled() {
        return cancelledAt != null;
    }
}
