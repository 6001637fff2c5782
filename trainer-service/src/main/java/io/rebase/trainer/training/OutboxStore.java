package io.rebase.trainer.training;

import io.rebase.contracts.TaskEvent;

import java.util.List;

/** The stored side of the trainer's outbox (implemented by the state package). */
public interface OutboxStore {

    /** An event not yet acknowledged by the broker, with its outbox id. */
    record Pending(long id, TaskEvent event) {
    }

    /** The oldest unpublished events, in the order they were stored, at most {@code limit}. */
    List<Pending> pending(int limit);

    /** The broker acknowledged the event: it is not published again. */
    void published(long id);
}
