package io.rebase.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaBrokerTest {

    @Test
    void producesAndConsumesAndKeepsDataAcrossARestart() throws Exception {
        Path dir = Files.createTempDirectory("kafka-test-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.create(0, dir, 2).start()) {
            broker.createTopics(Map.of("t", 3));
            produce(broker, "t", "a", "b");
            broker.restart();
            produce(broker, "t", "c");
            assertThat(consumeAll(broker, "t", 3)).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(broker.admin().describeTopics(List.of("t")).allTopicNames().get().get("t").partitions()).hasSize(3);
        }
        assertThat(dir).exists();
    }

    @Test
    void temporaryLogFolderIsRemovedOnClose() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start();
        Path dir = broker.logDir();
        broker.close();
        assertThat(dir).doesNotExist();
    }

    private static void produce(EmbeddedKafkaBroker broker, String topic, String... values) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v, v)).get();
            }
        }
    }

    private static List<String> consumeAll(EmbeddedKafkaBroker broker, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
