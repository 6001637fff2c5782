package io.rebase.cli.command;

import io.rebase.cli.RebaseCli;
import io.rebase.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code rebase replay-dlq candidate-rows}: re-publishes the records of {@code <topic>-dlq} onto {@code <topic>},
 * once each: the replayer's consumer group commits what it replayed, so a second run replays only newer records.
 * Consumers deduplicate by deterministic ids, so a replayed record that had in fact succeeded does no harm.
 */
@Command(name = "replay-dlq", description = "Re-publish a dead-letter topic's records onto the original topic.")
public class ReplayDlqCommand implements Callable<Integer> {

    @ParentCommand
    RebaseCli cli;

    @Parameters(paramLabel = "TOPIC", description = "the original topic, e.g. candidate-rows")
    String topic;

    @Option(names = "--task", description = "replay only this task's records (matched on the key or the taskId field)")
    String taskId;

    @Override
    public Integer call() {
        return Commands.run(() -> {
            String source = cli.topicPrefix + Topics.dlq(topic);
            String target = cli.topicPrefix + topic;
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cli.bootstrapServers);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "rebase-dlq-replayer-" + topic);
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cli.bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            int replayed = 0;
            try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
                 var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                consumer.subscribe(List.of(source));
                int idle = 0;
                while (idle < 6) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    idle = records.isEmpty() ? idle + 1 : 0;
                    for (ConsumerRecord<String, String> r : records) {
                        if (taskId != null && !taskId.equals(r.key()) && (r.value() == null || !r.value().contains("\"" + taskId + "\""))) {
                            continue;
                        }
                        producer.send(new ProducerRecord<>(target, r.key(), r.value())).get();
                        replayed++;
                    }
                    consumer.commitSync();
                }
            }
            System.out.println("replayed " + replayed + " records from " + source + " to " + target);
            return 0;
        });
    }
}
