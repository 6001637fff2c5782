package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pod the manifests define meets the "restricted" Pod Security Standard and more (read-only root filesystem,
 * writable emptyDirs where needed), the namespace enforces it, NetworkPolicies deny by default and allow the flows
 * the system needs, and the replicated parts have disruption budgets and spread.
 */
class PodSecurityTest {

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void everyPodIsRestrictedWithAReadOnlyRoot(String render) {
        List<Manifest> workloads = workloads(render);
        assertThat(workloads).extracting(Manifest::name)
                .contains("retriever-service", "transformer-service", "trainer-service", "qdrant", "postgres");
        for (Manifest w : workloads) {
            JsonNode pod = w.spec().path("template").path("spec");
            JsonNode podContext = pod.path("securityContext");
            assertThat(podContext.path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", w).isTrue();
            assertThat(podContext.path("runAsUser").asInt(0)).as("%s runAsUser", w).isPositive();
            assertThat(podContext.path("seccompProfile").path("type").asText()).as("%s seccomp", w).isEqualTo("RuntimeDefault");
            assertThat(pod.path("hostNetwork").asBoolean() || pod.path("hostPID").asBoolean() || pod.path("hostIPC").asBoolean())
                    .as("%s host namespaces", w).isFalse();
            assertThat(pod.path("volumes").findValues("hostPath")).as("%s hostPath volumes", w).isEmpty();
            List<JsonNode> containers = new ArrayList<>();
            pod.path("initContainers").forEach(containers::add);
            pod.path("containers").forEach(containers::add);
            for (JsonNode c : containers) {
                JsonNode sc = c.path("securityContext");
                String which = w + " container " + c.path("name").asText();
                assertThat(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean())
                        .as("%s allowPrivilegeEscalation: false", which).isTrue();
                assertThat(sc.path("privileged").asBoolean()).as("%s privileged", which).isFalse();
                assertThat(textValues(sc.path("capabilities").path("drop"))).as("%s drops", which).containsExactly("ALL");
                assertThat(sc.path("capabilities").path("add")).as("%s adds capabilities", which).isEmpty();
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as("%s readOnlyRootFilesystem", which).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void theJvmServicesWriteOnlyToVolumes(String render) {
        List<Manifest> objects = Renders.of(render);
        for (String service : RepoPaths.SERVICES) {
            List<String> mounts = DeploymentsTest.container(objects, service).path("volumeMounts").findValuesAsText("mountPath");
            assertThat(mounts).as("%s: /tmp for the JVM, Vert.x and ONNX Runtime; DJL_CACHE_DIR for the tokenizer's native library", service)
                    .contains("/tmp", "/deployments/.djl");
        }
        assertThat(DeploymentsTest.container(objects, "trainer-service").path("volumeMounts").findValuesAsText("mountPath"))
                .as("DJL_CACHE_DIR of the image: libtorch extracted once, on a volume").contains("/deployments/.djl");
        assertThat(Renders.find(objects, "StatefulSet", "qdrant").spec().path("template").path("spec").path("containers").get(0)
                .path("volumeMounts").findValuesAsText("mountPath"))
                .as("Qdrant's storage, snapshots (it fails at start without them), temp and init-marker paths")
                .contains("/qdrant/storage", "/qdrant/snapshots", "/qdrant/tmp", "/qdrant/init");
        assertThat(Renders.find(objects, "StatefulSet", "postgres").spec().path("template").path("spec").path("containers").get(0)
                .path("volumeMounts").findValuesAsText("mountPath"))
                .contains("/var/lib/postgresql/data", "/var/run/postgresql", "/tmp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void theNamespaceEnforcesRestricted(String render) {
        JsonNode labels = Renders.ofKind(Renders.of(render), "Namespace").get(0).node().path("metadata").path("labels");
        for (String mode : List.of("enforce", "audit", "warn")) {
            assertThat(labels.path("pod-security.kubernetes.io/" + mode).asText()).as(mode).isEqualTo("restricted");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void networkPoliciesDenyByDefaultAndAllowTheSystemsFlows(String render) {
        List<Manifest> policies = Renders.ofKind(Renders.of(render), "NetworkPolicy");
        Manifest deny = Renders.find(policies, "NetworkPolicy", "default-deny");
        assertThat(deny.spec().path("podSelector")).isEmpty();
        assertThat(textValues(deny.spec().path("policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.spec().has("ingress") || deny.spec().has("egress")).isFalse();

        String bootstrap = DeploymentsTest.environmentValues(Renders.of(render), "retriever-service").getOrDefault("KAFKA_BOOTSTRAP_SERVERS", ":9092");
        assertThat(egressPorts(policies, "rebase-service")).as("services -> Kafka (%s)", bootstrap)
                .contains(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        assertThat(egressPorts(policies, "retriever-service")).as("retriever -> Qdrant gRPC, PostgreSQL").contains("6334", "5432");
        assertThat(egressPorts(policies, "trainer-service")).as("trainer -> PostgreSQL").contains("5432");
        assertThat(egressPorts(policies, "transformer-service")).as("transformer -> the LLM over HTTPS").contains("443");
        assertThat(policies.stream().filter(p -> p.spec().path("podSelector").isEmpty() && p.spec().has("egress"))
                .flatMap(p -> p.spec().path("egress").findValuesAsText("port").stream())).as("DNS for every pod").contains("53");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "prod"})
    void replicatedPartsHaveBudgetsAndSpread(String render) {
        List<Manifest> objects = Renders.of(render);
        for (String service : List.of("retriever-service", "transformer-service")) {
            Manifest pdb = Renders.find(objects, "PodDisruptionBudget", service);
            assertThat(pdb.spec().path("selector").path("matchLabels"))
                    .isEqualTo(DeploymentsTest.deployment(objects, service).spec().path("selector").path("matchLabels"));
            assertThat(pdb.spec().path("maxUnavailable").asInt()).isEqualTo(1);
            assertThat(DeploymentsTest.deployment(objects, service).spec().path("template").path("spec")
                    .path("topologySpreadConstraints").findValuesAsText("topologyKey")).contains("kubernetes.io/hostname");
        }
        assertThat(Renders.ofKind(objects, "PodDisruptionBudget")).extracting(Manifest::name)
                .as("no budget on single-replica parts: it could only block node drains").doesNotContain("trainer-service");
    }

    @org.junit.jupiter.api.Test
    void prodSpreadsTheKafkaNodes() {
        JsonNode pool = Renders.ofKind(Renders.of("prod"), "KafkaNodePool").get(0).spec();
        assertThat(pool.path("template").path("pod").path("topologySpreadConstraints").findValuesAsText("topologyKey"))
                .contains("kubernetes.io/hostname", "topology.kubernetes.io/zone");
    }

    static List<Manifest> workloads(String render) {
        return Renders.of(render).stream().filter(m -> Set.of("Deployment", "StatefulSet", "DaemonSet", "Job").contains(m.kind())).toList();
    }

    private static List<String> egressPorts(List<Manifest> policies, String podLabelValue) {
        return policies.stream()
                .filter(p -> p.spec().path("podSelector").path("matchLabels").toString().contains("\"" + podLabelValue + "\""))
                .flatMap(p -> p.spec().path("egress").findValuesAsText("port").stream()).toList();
    }

    private static List<String> textValues(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
