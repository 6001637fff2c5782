package io.rebase.retriever.registry;

import io.rebase.contracts.TaskEventType;

import java.time.Instant;

/**
 * How a task ended, as recorded by the retriever.
 *
 * @param taskId      the task
 * @param outcome     CANCELLED, COMPLETED or FAILED
 * @param endedAt     when the end was recorded
 * @param announcedAt when its event was on the broker, null while a CANCELLED event is still to be published
 * @param recorded    whether the call that returned this end recorded it (false: an earlier end was there)
 */
public record TaskEnd(String taskId, TaskEventType outcome, Instant endedAt, Instant announcedAt, boolean recorded) {

    public boolean cancelled() {
        return outcome == TaskEventType.CANCELLED;
    }
}
