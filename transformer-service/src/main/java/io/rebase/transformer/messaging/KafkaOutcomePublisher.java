package io.rebase.transformer.messaging;

import io.rebase.commons.messaging.AckedSend;
import io.rebase.commons.messaging.TaskEventPublisher;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskLimits;
import io.rebase.contracts.Topics;
import io.rebase.contracts.TrainingExample;
import io.rebase.transformer.service.OutcomePublisher;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/** Publishes row outcomes through the service's Kafka channels; every stage completes on the broker's ack. */
@ApplicationScoped
public class KafkaOutcomePublisher implements OutcomePublisher {

    private final Emitter<TrainingExample> examples;
    private final Emitter<String> deadLetters;
    private final TaskEventPublisher events;

    public KafkaOutcomePublisher(
            @Channel("training-examples-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
            Emitter<TrainingExample> examples,
            @Channel("candidate-rows-dlq-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
            Emitter<String> deadLetters,
            TaskEventPublisher events) {
        this.examples = examples;
        this.deadLetters = deadLetters;
        this.events = events;
    }

    @Override
    public CompletionStage<Void> example(TrainingExample example) {
        return send(examples, example, OutgoingKafkaRecordMetadata.<String>builder().withKey(example.taskId()).build());
    }

    @Override
    public CompletionStage<Void> event(TaskEvent event) {
        return events.publish(event);
    }

    @Override
    public CompletionStage<Void> deadLetter(String key, String value, String reason, String message) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.Headers.FAILURE_REASON, bytes(reason));
        // the same header names as smallrye's own dead-letter strategy, so tools read both kinds alike
        // cut to the table of limits: the copy of a record near the size limit must still fit with its headers
        headers.add("dead-letter-reason", bytes(TaskLimits.cut(reason + ": " + message, TaskLimits.MAX_EVENT_TEXT_CHARS)));
        headers.add("dead-letter-topic", bytes(Topics.CANDIDATE_ROWS));
        return send(deadLetters, value, OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build());
    }

    @Override
    public String source() {
        return events.source();
    }

    private static <T> CompletionStage<Void> send(Emitter<T> emitter, T payload, OutgoingKafkaRecordMetadata<String> metadata) {
        return AckedSend.send(emitter, payload, metadata);
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
