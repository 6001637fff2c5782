package io.rebase.transformer.service;

import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.Topics;
import io.rebase.contracts.TrainingExample;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An {@link OutcomePublisher} on a plain Kafka producer, for workers run outside Quarkus (tests, benchmark).
 * Same topics, keys, JSON and dead-letter headers as the service's {@code KafkaOutcomePublisher}.
 */
public final class ProducerOutcomePublisher implements OutcomePublisher, AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public ProducerOutcomePublisher(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @Override
    public CompletionStage<Void> example(TrainingExample example) {
        return send(new ProducerRecord<>(Topics.TRAINING_EXAMPLES, example.taskId(), Json.write(example)));
    }

    @Override
    public CompletionStage<Void> event(TaskEvent event) {
        return send(new ProducerRecord<>(Topics.TASK_EVENTS, event.taskId(), Json.write(event)));
    }

    @Override
    public CompletionStage<Void> deadLetter(String key, String value, String reason, String message) {
        ProducerRecord<String, String> r = new ProducerRecord<>(Topics.dlq(Topics.CANDIDATE_ROWS), key, value);
        r.headers().add(Topics.Headers.FAILURE_REASON, reason.getBytes(StandardCharsets.UTF_8));
        r.headers().add("dead-letter-reason", (reason + ": " + message).getBytes(StandardCharsets.UTF_8));
        return send(r);
    }

    @Override
    public String source() {
        return "transformer-service";
    }

    private CompletionStage<Void> send(ProducerRecord<String, String> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(null);
            }
        });
        return acked;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
