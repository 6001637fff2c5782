package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The KafkaTopic resources against the shared topic constants and the topics the services really use. */
class TopicsTest {

    static final List<String> RENDERS = Renders.ALL;

    @ParameterizedTest
    @FieldSource("RENDERS")
    void oneKafkaTopicPerContractTopic(String render) {
        assertThat(topicNames(render)).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    @ParameterizedTest
    @FieldSource("RENDERS")
    void everyTopicTheServicesUseExists(String render) {
        Set<String> declared = topicNames(render);
        for (ServiceConfig service : ServiceConfig.all()) {
            assertThat(service.topics()).as("topics of %s (application.properties) without a KafkaTopic in %s", service.service, render)
                    .isSubsetOf(declared);
        }
    }

    @ParameterizedTest
    @FieldSource("RENDERS")
    void candidateRowsHasRoomForTwelveTransformers(String render) {
        assertThat(partitions(Renders.of(render), Topics.CANDIDATE_ROWS)).isGreaterThanOrEqualTo(12);
    }

    @ParameterizedTest
    @FieldSource("RENDERS")
    void topicsBelongToTheKafkaClusterAndKeepData(String render) {
        List<Manifest> objects = Renders.of(render);
        String cluster = Renders.ofKind(objects, "Kafka").get(0).name();
        for (Manifest topic : Renders.ofKind(objects, "KafkaTopic")) {
            assertThat(topic.node().path("metadata").path("labels").path("strimzi.io/cluster").asText()).as(topic.toString()).isEqualTo(cluster);
            JsonNode config = topic.spec().path("config");
            assertThat(config.path("retention.ms").asLong()).as("retention of %s", topic).isGreaterThanOrEqualTo(24L * 3600 * 1000);
            assertThat(topic.spec().path("replicas").asInt()).as(topic.toString())
                    .isLessThanOrEqualTo(Renders.ofKind(objects, "KafkaNodePool").stream().mapToInt(p -> p.spec().path("replicas").asInt()).sum());
        }
    }

    static Set<String> topicNames(String render) {
        Set<String> names = new TreeSet<>();
        for (Manifest topic : Renders.ofKind(Renders.of(render), "KafkaTopic")) {
            String name = topic.spec().path("topicName").asText(topic.name());
            assertThat(names.add(name)).as("duplicate topic %s", name).isTrue();
        }
        return names;
    }

    static int partitions(List<Manifest> objects, String topic) {
        return Renders.ofKind(objects, "KafkaTopic").stream()
                .filter(t -> t.spec().path("topicName").asText(t.name()).equals(topic))
                .findFirst().orElseThrow(() -> new AssertionError("no KafkaTopic " + topic))
                .spec().path("partitions").asInt();
    }
}
