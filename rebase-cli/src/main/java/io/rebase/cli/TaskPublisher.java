package io.rebase.cli;

import io.rebase.cli.kafka.KafkaClientProperties;
import io.rebase.cli.kafka.KafkaReach;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Produces task requests on the task-requests topic (key: taskId), exactly as any user's producer would. */
public final class TaskPublisher {

    private TaskPublisher() {
    }

    public static void publish(String bootstrapServers, String topicPrefix, TaskRequest request) {
        KafkaReach.require(bootstrapServers);
        Properties p = KafkaClientProperties.of(bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topicPrefix + Topics.TASK_REQUESTS, request.taskId(), Json.write(request)))
                    .get(30, TimeUnit.SECONDS);
            producer.close(Duration.ofSeconds(5));
        } catch (Exception e) {
            throw new CliException("cannot publish the task to Kafka at " + bootstrapServers + ": " + e.getMessage());
        }
    }
}
