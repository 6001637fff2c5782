package io.rebase.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.LinkedHashMap;
import java.util.List;
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
    public static final Map<String, Integer> TOPICS = topics();

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

    private static Map<String, Integer> topics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String name : List.of("task-requests", "candidate-rows", "training-examples", "task-events",
                "task-requests-dlq", "candidate-rows-dlq", "training-examples-dlq")) {
            topics.put(name, name.equals("candidate-rows") ? 12 : 4);
        }
        return topics;
    }
}
