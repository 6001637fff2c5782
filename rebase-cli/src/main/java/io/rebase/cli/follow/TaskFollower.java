package io.rebase.cli.follow;

import io.rebase.cli.kafka.KafkaClientProperties;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.Topics;
import io.rebase.contracts.TrainingExample;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads a task's events and examples from the start of the topics (both keyed by taskId) into a
 * {@link TaskProgress}, calling back after every poll so the caller can draw progress.
 */
public final class TaskFollower implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final String prefix;

    public TaskFollower(String bootstrapServers, String topicPrefix) {
        Properties p = KafkaClientProperties.of(bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "rebase-cli-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.prefix = topicPrefix == null ? "" : topicPrefix;
        consumer.subscribe(List.of(prefix + Topics.TASK_EVENTS, prefix + Topics.TRAINING_EXAMPLES));
    }

    /**
     * Follows {@code progress} until the task ends, {@code timeout} passes, or {@code untilDone} is false and the
     * topics are read to their end once.
     */
    public TaskProgress follow(TaskProgress progress, Duration timeout, boolean untilDone, Consumer<TaskProgress> onPoll) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int idlePolls = 0;
        while (System.nanoTime() < deadline && !progress.done()) {
            var records = consumer.poll(Duration.ofMillis(500));
            for (ConsumerRecord<String, String> r : records) {
                if (!progress.taskId().equals(r.key()) || r.value() == null) {
                    continue;
                }
                try {
                    if (r.topic().endsWith(Topics.TASK_EVENTS)) {
                        progress.onEvent(Json.read(r.value(), TaskEvent.class));
                    } else {
                        progress.onExample(Json.read(r.value(), TrainingExample.class));
                    }
                } catch (RuntimeException e) {
                    // a malformed record is not ours to judge here; the services dead-letter it
                }
            }
            onPoll.accept(progress);
            idlePolls = records.isEmpty() ? idlePolls + 1 : 0;
            if (!untilDone && idlePolls >= 4) {
                break;
            }
        }
        return progress;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
