package io.rebase.commons.messaging;

import io.rebase.commons.events.EventSink;
import io.rebase.commons.tracing.TaskTraces;
import io.rebase.contracts.TaskEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.concurrent.CompletionStage;

/**
 * Publishes {@link TaskEvent}s on the task-events topic, keyed by taskId so that one task's events stay in order.
 * Shared by the three services, which send through {@link io.rebase.commons.events.TaskEvents} (it stamps the
 * service's name as the event source). Each event is sent in its task's trace.
 */
@ApplicationScoped
public class TaskEventPublisher implements EventSink {

    private final Emitter<TaskEvent> emitter;
    private final String source;
    private final TaskTraces traces;

    public TaskEventPublisher(@Channel("task-events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                              Emitter<TaskEvent> emitter,
                              @ConfigProperty(name = "quarkus.application.name") String source,
                              TaskTraces traces) {
        this.emitter = emitter;
        this.source = source;
        this.traces = traces;
    }

    /** The name this service stamps on its events. */
    public String source() {
        return source;
    }

    /**
     * Publishes {@code event}, cut to the limits of {@link io.rebase.contracts.TaskLimits} so that an event about a
     * huge field still fits a record; the stage completes when the broker acknowledged it. The record joins its
     * task's trace ({@link TaskTraces#contextFor}).
     */
    @Override
    public CompletionStage<Void> publish(TaskEvent event) {
        TaskEvent fitted = event.fitted();
        return AckedSend.send(emitter, fitted,
                OutgoingKafkaRecordMetadata.<String>builder().withKey(fitted.taskId()).build(), traces.contextFor(fitted.taskId()));
    }
}
