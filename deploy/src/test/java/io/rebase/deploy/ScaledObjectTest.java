package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The KEDA ScaledObject scales the transformer on the lag of the group that really consumes candidate-rows. */
class ScaledObjectTest {

    static final List<String> WITH_KEDA = List.of("base", "prod");

    @ParameterizedTest
    @FieldSource("WITH_KEDA")
    void scalesTheTransformerOnItsOwnGroupAndTopic(String render) {
        List<Manifest> objects = Renders.of(render);
        Manifest scaled = Renders.find(objects, "ScaledObject", "transformer-service");
        assertThat(scaled.apiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaled.spec().path("scaleTargetRef").path("name").asText()).isEqualTo("transformer-service");
        Renders.find(objects, "Deployment", "transformer-service");

        JsonNode trigger = scaled.spec().path("triggers").get(0);
        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        // as the deployed container sees it: its environment may override the group
        ServiceConfig transformer = ServiceConfig.of("transformer-service")
                .withEnv(DeploymentsTest.environmentValues(objects, "transformer-service"));
        assertThat(trigger.path("metadata").path("topic").asText()).isEqualTo(Topics.CANDIDATE_ROWS);
        assertThat(transformer.groupIds(Topics.CANDIDATE_ROWS))
                .as("consumer group of the transformer's candidate-rows channel (application.properties)")
                .containsExactly(trigger.path("metadata").path("consumerGroup").asText());
    }

    @ParameterizedTest
    @FieldSource("WITH_KEDA")
    void replicasStayWithinThePartitions(String render) {
        List<Manifest> objects = Renders.of(render);
        JsonNode spec = Renders.find(objects, "ScaledObject", "transformer-service").spec();
        assertThat(spec.path("minReplicaCount").asInt(-1)).isEqualTo(1);
        assertThat(spec.path("maxReplicaCount").asInt())
                .isGreaterThan(1)
                .isLessThanOrEqualTo(TopicsTest.partitions(objects, Topics.CANDIDATE_ROWS));
    }

    @ParameterizedTest
    @FieldSource("WITH_KEDA")
    void reachesTheBrokerByItsFullyQualifiedName(String render) {
        List<Manifest> objects = Renders.of(render);
        JsonNode trigger = Renders.find(objects, "ScaledObject", "transformer-service").spec().path("triggers").get(0);
        String kafka = Renders.ofKind(objects, "Kafka").get(0).name();
        String namespace = Renders.ofKind(objects, "Namespace").get(0).name();
        int port = Renders.ofKind(objects, "Kafka").get(0).spec().path("kafka").path("listeners").get(0).path("port").asInt();
        // KEDA's operator resolves the address from its own namespace
        assertThat(trigger.path("metadata").path("bootstrapServers").asText())
                .isEqualTo(kafka + "-kafka-bootstrap." + namespace + ".svc:" + port);
    }

    /** An apply that sets replicas would knock the KEDA-scaled Deployment back to that number. */
    @ParameterizedTest
    @FieldSource("WITH_KEDA")
    void kedaAloneOwnsTheReplicaCount(String render) {
        assertThat(Renders.find(Renders.of(render), "Deployment", "transformer-service").spec().has("replicas")).isFalse();
    }

    @ParameterizedTest
    @FieldSource("WITH_KEDA")
    void scalingIsPacedByTheHpaBehaviour(String render) {
        JsonNode spec = Renders.find(Renders.of(render), "ScaledObject", "transformer-service").spec();
        JsonNode behavior = spec.path("advanced").path("horizontalPodAutoscalerConfig").path("behavior");
        assertThat(behavior.path("scaleDown").path("stabilizationWindowSeconds").asInt()).isGreaterThanOrEqualTo(60);
        assertThat(behavior.path("scaleDown").path("policies")).isNotEmpty();
        assertThat(behavior.path("scaleUp").path("policies")).isNotEmpty();
        // cooldownPeriod only applies to the step to zero replicas
        if (spec.path("minReplicaCount").asInt() > 0) {
            assertThat(spec.has("cooldownPeriod")).as("cooldownPeriod with minReplicaCount > 0 does nothing").isFalse();
        }
    }

    @org.junit.jupiter.api.Test
    void devRunsOneTransformerWithoutKeda() {
        List<Manifest> dev = Renders.of("dev");
        assertThat(Renders.ofKind(dev, "ScaledObject")).isEmpty();
        assertThat(Renders.find(dev, "Deployment", "transformer-service").spec().path("replicas").asInt()).isEqualTo(1);
    }
}
