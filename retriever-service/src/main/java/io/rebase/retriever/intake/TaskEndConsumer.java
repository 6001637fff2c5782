package io.rebase.retriever.intake;

import io.rebase.commons.events.TaskEventReader;
import io.rebase.contracts.TaskEvent;
import io.rebase.retriever.registry.Registry;
import io.rebase.retriever.registry.TaskEnd;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Reads the ends of tasks (COMPLETED, FAILED, CANCELLED) from {@code task-events} into the registry, so that
 * {@link TaskCancellation} answers a cancel of an ended task without effect. The first end of a task wins; every other
 * event is skipped without parsing more than needed. A database error fails the record (it is read again after a
 * restart), an unreadable event is skipped with a warning.
 */
@ApplicationScoped
public class TaskEndConsumer {

    private final TaskEventReader ends = TaskEventReader.terminal();
    private final Registry registry;

    public TaskEndConsumer(Registry registry) {
        this.registry = registry;
    }

    @Incoming("task-events-in")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        ends.read(record.value(), record.offset()).ifPresent(this::record);
    }

    private void record(TaskEvent event) {
        Instant at = event.timestamp() == null ? Instant.now() : event.timestamp();
        TaskEnd end = registry.recordEnd(event.taskId(), event.type(), at, Instant.now());
        if (!end.recorded() && end.outcome() == event.type() && end.announcedAt() == null) {
            // a cancel whose event reached the broker although its acknowledgement was not recorded
            registry.markEndAnnounced(event.taskId(), Instant.now());
        }
    }
}
