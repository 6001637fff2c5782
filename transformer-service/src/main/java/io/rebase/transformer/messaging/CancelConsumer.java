package io.rebase.transformer.messaging;

import io.rebase.commons.events.TaskEventReader;
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

    private final TaskEventReader cancels = TaskEventReader.of(TaskEventType.CANCELLED);
    private final CancelledTasks cancelled;

    public CancelConsumer(CancelledTasks cancelled) {
        this.cancelled = cancelled;
    }

    @Incoming("task-cancels")
    public void consume(ConsumerRecord<String, String> record) {
        cancels.read(record.value(), record.offset()).ifPresent(event -> {
            if (cancelled.cancel(event.taskId())) {
                LOG.infof("task %s was cancelled: its remaining candidate rows are rejected (task-cancelled) untransformed",
                        event.taskId());
            }
        });
    }
}
