package io.rebase.retriever.intake;

import io.rebase.contracts.TaskRequest;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Consumes {@code task-requests}. An invalid request gets a FAILED event (from {@link TaskIntake}) and, by
 * the exception thrown here, a record on the dead-letter topic; the consumer keeps consuming.
 */
@ApplicationScoped
public class TaskRequestConsumer {

    private final TaskIntake intake;
    private final Instance<TaskRequestHandler> handlers;

    public TaskRequestConsumer(TaskIntake intake, Instance<TaskRequestHandler> handlers) {
        this.intake = intake;
        this.handlers = handlers;
    }

    @Incoming("task-requests")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        TaskRequest request = intake.accept(record.key(), record.value());
        handlers.forEach(h -> h.handle(request));
    }
}
