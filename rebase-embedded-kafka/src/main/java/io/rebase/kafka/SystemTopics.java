package io.rebase.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The system's topics with the partition counts the local stack and the tests create them with. */
public final class SystemTopics {

    /** Topic name to partitions: candidate-rows has 12 so that transformer replicas can spread, as in a cluster. */
    public static final Map<String, Integer> PARTITIONS = partitions();

    private SystemTopics() {
    }

    private static Map<String, Integer> partitions() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String name : List.of("task-requests", "candidate-rows", "training-examples", "task-events",
                "task-requests-dlq", "candidate-rows-dlq", "training-examples-dlq")) {
            topics.put(name, name.equals("candidate-rows") ? 12 : 4);
        }
        return Map.copyOf(topics);
    }
}
