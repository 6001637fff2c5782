package io.rebase.transformer.messaging;

import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.transformer.service.CancelledTasks;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the CANCELLED events of {@code task-events} into {@link CancelledTasks}. Every replica reads every event (a
 * group of its own, from the earliest retained event, no offsets committed), so a replica that starts later still
 * learns the cancels it missed; every other event is skipped without being parsed.
 */
@ApplicationScoped
public class CancelConsumer {

    private static final Logger LOG = Logger.getLogger(CancelConsumer.class);
    private static final String CANCELLED = "\"" + TaskEventType.CANCELLED.name() + "\"";

    private final CancelledTasks cancelled;

    public CancelConsumer(CancelledTasks cancelled) {
        this.cancelled = cancelled;
    }

    @Incoming("task-cancels")
    public void consume(ConsumerRecord<String, String> record) {
        String value = record.value();
        if (value == null || !value.contains(CANCELLED)) {
            return;
        }
        TaskEvent event;
        try {
            event = Json.read(value, TaskEvent.class);
        } catch (RuntimeException e) {
            LOG.warnf("ignoring unreadable task event at offset %d: %s", record.offset(), e.getMessage());
            return;
        }
        if (event != null && event.type() == TaskEventType.CANCELLED && cancelled.cancel(event.taskId())) {
            LOG.infof("task %s was cancelled: its remaining candidate rows are rejected (task-cancelled) untransformed",
                    event.taskId());
        }
    }
}
