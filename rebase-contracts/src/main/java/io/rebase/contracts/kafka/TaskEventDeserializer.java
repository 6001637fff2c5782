package io.rebase.contracts.kafka;

import io.rebase.contracts.TaskEvent;

/** Reads {@link TaskEvent} records. */
public class TaskEventDeserializer extends JsonDeserializer<TaskEvent> {
    public TaskEventDeserializer() {
        super(TaskEvent.class);
    }
}
