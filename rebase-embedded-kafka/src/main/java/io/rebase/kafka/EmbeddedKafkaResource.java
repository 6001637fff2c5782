package io.rebase.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts the in-process broker for {@code @QuarkusTest}s and points the Kafka connector at it.
 *
 * <p>One broker serves every test class of a test JVM: starting a broker costs seconds and the tests
 * keep apart by task id. Creates the system's topics up front (so the partition counts are the ones a
 * deployment has) and stops the broker when the JVM exits.
 */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

    /** Topics created up front, with their partition counts. */
    public static final Map<String, Integer> TOPICS = SystemTopics.PARTITIONS;

    private static EmbeddedKafkaBroker shared;

    /** The broker shared by the test JVM, started on first use. */
    public static synchronized EmbeddedKafkaBroker broker() {
        if (shared == null) {
            shared = EmbeddedKafkaBroker.onFreePort().start();
            shared.createTopics(TOPICS);
            EmbeddedKafkaBroker broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-shutdown"));
        } else if (!shared.isRunning()) {
            shared.start();
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", broker().bootstrapServers());
    }

    @Override
    public void stop() {
        // kept running for the next test class; closed by the shutdown hook
    }
}
