package io.rebase.retriever.intake;

import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskIds;
import io.rebase.retriever.registry.Registry;
import io.rebase.retriever.registry.TaskEnd;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Reads the ends of tasks (COMPLETED, FAILED, CANCELLED) from {@code task-events} into the registry, so that
 * {@link TaskCancellation} answers a cancel of an ended task without effect. The first end of a task wins; every other
 * event is skipped without parsing more than needed. A database error fails the record (it is read again after a
 * restart), an unreadable event is skipped with a warning.
 */
@ApplicationScoped
public class TaskEndConsumer {

    private static final Logger LOG = Logger.getLogger(TaskEndConsumer.class);

    private final Registry registry;

    public TaskEndConsumer(Registry registry) {
        this.registry = registry;
    }

    @Incoming("task-events-in")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        String value = record.value();
        // most events are progress: only parse those that can name an end
        if (value == null || !(value.contains("COMPLETED") || value.contains("FAILED") || value.contains("CANCELLED"))) {
            return;
        }
        TaskEvent event;
        try {
            event = Json.read(value, TaskEvent.class);
        } catch (RuntimeException e) {
            LOG.warnf("ignoring unreadable task event at offset %d: %s", record.offset(), e.getMessage());
            return;
        }
        if (event == null || event.type() == null || !event.type().terminal() || !TaskIds.isValid(event.taskId())) {
            return;
        }
        Instant at = event.timestamp() == null ? Instant.now() : event.timestamp();
        TaskEnd end = registry.recordEnd(event.taskId(), event.type(), at, Instant.now());
        if (!end.recorded() && end.outcome() == event.type() && end.announcedAt() == null) {
            // a cancel whose event reached the broker although its acknowledgement was not recorded
            registry.markEndAnnounced(event.taskId(), Instant.now());
        }
    }
}
