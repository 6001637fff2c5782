package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Both overlays render with kustomize (kubectl on the PATH; skipped otherwise) into the objects each environment needs. */
class RenderedOverlaysTest {

    @BeforeAll
    static void kubectl() {
        assumeTrue(Kubectl.available(), "kubectl is not on the PATH: overlays not rendered");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void rendersEveryKindTheSystemNeeds(String overlay) {
        List<Manifest> objects = Renders.of(overlay);
        Set<String> kinds = new TreeSet<>();
        objects.forEach(m -> kinds.add(m.kind()));
        assertThat(kinds).contains("Namespace", "Kafka", "KafkaNodePool", "KafkaTopic", "StatefulSet", "Deployment",
                "Service", "ConfigMap", "PersistentVolumeClaim", "ServiceMonitor", "PodMonitor", "PrometheusRule",
                "NetworkPolicy", "PodDisruptionBudget");
        for (Manifest m : objects) {
            assertThat(m.apiVersion()).as(m.toString()).isNotBlank();
            assertThat(m.name()).as(m.toString()).isNotBlank();
            if (!m.kind().equals("Namespace")) {
                assertThat(m.node().path("metadata").path("namespace").asText()).as(m.toString()).isEqualTo("rebase");
            }
        }
        assertThat(Renders.ofKind(objects, "StatefulSet")).extracting(Manifest::name).containsExactlyInAnyOrder("qdrant", "postgres");
        assertThat(Renders.ofKind(objects, "Deployment")).extracting(Manifest::name).containsExactlyInAnyOrderElementsOf(RepoPaths.SERVICES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void bearerTokenAuthIsOnForEveryService(String overlay) {
        List<Manifest> objects = Renders.of(overlay);
        for (String service : RepoPaths.SERVICES) {
            JsonNode token = DeploymentsTest.container(objects, service).path("env").findParents("name").stream()
                    .filter(e -> e.path("name").asText().equals("REBASE_AUTH_TOKEN")).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " has no REBASE_AUTH_TOKEN in " + overlay));
            assertThat(token.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("rebase-auth");
        }
    }

    @Test
    void devRunsOneReplicaOfEverythingOnCpu() {
        List<Manifest> dev = Renders.of("dev");
        for (Manifest d : Renders.ofKind(dev, "Deployment")) {
            assertThat(d.spec().path("replicas").asInt()).as(d.toString()).isEqualTo(1);
            assertThat(d.spec().toString()).as(d.toString()).doesNotContain("nvidia.com/gpu");
        }
        assertThat(DeploymentsTest.container(dev, "trainer-service").path("image").asText()).doesNotContain("cuda");
        assertThat(Renders.ofKind(dev, "KafkaNodePool").get(0).spec().path("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void prodTrainsOnAGpuNodeWithMoreOfEverythingElse() {
        List<Manifest> prod = Renders.of("prod");
        JsonNode pod = DeploymentsTest.deployment(prod, "trainer-service").spec().path("template").path("spec");
        JsonNode trainer = DeploymentsTest.container(prod, "trainer-service");
        assertThat(trainer.path("resources").path("limits").path("nvidia.com/gpu").asInt()).isEqualTo(1);
        assertThat(trainer.path("image").asText()).endsWith("-cuda");
        assertThat(pod.path("nodeSelector")).isNotEmpty();
        assertThat(pod.path("tolerations").findValuesAsText("key")).contains("nvidia.com/gpu");
        assertThat(DeploymentsTest.deployment(prod, "trainer-service").spec().path("strategy").path("type").asText()).isEqualTo("Recreate");

        List<Manifest> dev = Renders.of("dev");
        assertThat(TopicsTest.partitions(prod, "candidate-rows")).isGreaterThan(TopicsTest.partitions(dev, "candidate-rows"));
        assertThat(Renders.ofKind(prod, "KafkaNodePool").get(0).spec().path("replicas").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(Renders.ofKind(prod, "KafkaTopic")).allSatisfy(t -> assertThat(t.spec().path("replicas").asInt()).isEqualTo(3));
        assertThat(DeploymentsTest.deployment(prod, "retriever-service").spec().path("replicas").asInt()).isGreaterThan(1);
    }

    @Test
    void theCheckpointVolumeIsWhereTheTrainerWrites() {
        for (String overlay : List.of("dev", "prod")) {
            List<Manifest> objects = Renders.of(overlay);
            String dataDir = DeploymentsTest.environmentValues(objects, "trainer-service").get("REBASE_TRAINER_DATA_DIR");
            JsonNode container = DeploymentsTest.container(objects, "trainer-service");
            JsonNode pod = DeploymentsTest.deployment(objects, "trainer-service").spec().path("template").path("spec");
            String volume = container.path("volumeMounts").findParents("mountPath").stream()
                    .filter(m -> dataDir.startsWith(m.path("mountPath").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no volume mounted at " + dataDir)).path("name").asText();
            assertThat(pod.path("volumes").findParents("name").stream()
                    .filter(v -> v.path("name").asText().equals(volume)).findFirst().orElseThrow()
                    .has("persistentVolumeClaim")).as("checkpoints on a persistent volume").isTrue();
        }
    }
}
