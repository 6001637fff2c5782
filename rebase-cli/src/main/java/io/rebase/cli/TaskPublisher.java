package io.rebase.cli;

import io.rebase.cli.kafka.KafkaClientProperties;
import io.rebase.cli.kafka.KafkaReach;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.Topics;
import io.rebase.contracts.TraceParent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Produces task requests on the task-requests topic (key: taskId), as any user's producer would. Each record starts
 * the task's trace: a new W3C {@code traceparent} header, which the services continue (when their tracing is on)
 * through every hop to the trainer's COMPLETED event, so one trace id covers the task.
 */
public final class TaskPublisher {

    private TaskPublisher() {
    }

    /** Publishes {@code request} and returns the {@code traceparent} that starts its trace. */
    public static String publish(String bootstrapServers, String topicPrefix, TaskRequest request) {
        KafkaReach.require(bootstrapServers);
        Properties p = KafkaClientProperties.of(bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            String traceparent = TraceParent.newRoot();
            var record = new ProducerRecord<>(topicPrefix + Topics.TASK_REQUESTS, request.taskId(), Json.write(request));
            record.headers().add(Topics.Headers.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
            producer.send(record).get(30, TimeUnit.SECONDS);
            producer.close(Duration.ofSeconds(5));
            return traceparent;
        } catch (Exception e) {
            throw new CliException("cannot publish the task to Kafka at " + bootstrapServers + ": " + e.getMessage());
        }
    }
}
