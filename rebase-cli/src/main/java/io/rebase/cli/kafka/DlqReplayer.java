package io.rebase.cli.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Re-publishes a dead-letter topic's records onto their original topic through one consumer group, which commits
 * what it replayed so that the next run starts after it. With a task filter, a partition's committed offset never
 * passes the first record the run skipped: another task's dead letters stay replayable by a later run, and the
 * matching records after that point are replayed again then (consumers deduplicate by deterministic ids).
 */
public final class DlqReplayer {

    private final String bootstrapServers;

    public DlqReplayer(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Replays {@code source} onto {@code target} as consumer group {@code groupId}; {@code taskId} (may be null)
     * keeps only that task's records (matched on the key or a {@code "taskId"} value). Returns the records replayed.
     */
    public int replay(String source, String target, String groupId, String taskId) throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> firstSkipped = new HashMap<>();
        int replayed = 0;
        try (var consumer = new KafkaConsumer<>(consumerProps(groupId), new StringDeserializer(), new StringDeserializer());
             var producer = new KafkaProducer<>(producerProps(), new StringSerializer(), new StringSerializer())) {
            consumer.subscribe(List.of(source));
            int idle = 0;
            while (idle < 6) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                idle = records.isEmpty() ? idle + 1 : 0;
                Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (!matches(r, taskId)) {
                        firstSkipped.putIfAbsent(tp, r.offset());
                        continue;
                    }
                    producer.send(new ProducerRecord<>(target, r.key(), r.value())).get();
                    replayed++;
                    if (!firstSkipped.containsKey(tp)) {
                        commit.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    }
                }
                // a partition with a skipped record is committed up to that record and no further
                firstSkipped.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
                if (!commit.isEmpty()) {
                    consumer.commitSync(commit);
                }
            }
        }
        return replayed;
    }

    static boolean matches(ConsumerRecord<String, String> r, String taskId) {
        return taskId == null || taskId.equals(r.key()) || (r.value() != null && r.value().contains("\"" + taskId + "\""));
    }

    private Properties consumerProps(String groupId) {
        Properties c = KafkaClientProperties.of(bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return c;
    }

    private Properties producerProps() {
        Properties p = KafkaClientProperties.of(bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }
}
