package io.rebase.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every object of base, dev and prod, as kustomize renders it, against the schemas of the Kubernetes kinds and of
 * both ends of each supported operator range (Strimzi 0.51.0 and 1.2.0, KEDA 2.12.0 and 2.20.2, Prometheus Operator
 * 0.70.0 and 0.93.0), with
 * undeclared fields refused. The schemas are read from {@link KubernetesSchemas#dir()} (see deploy/README.md,
 * "Schemas"); without them the test is skipped and says where it looked. A folder with only some sources (CI generates
 * Strimzi's CRDs from Maven Central, deploy/schemas/strimzi-crds.sh) checks the API groups it has; the tests that need
 * another source are skipped, naming it.
 */
class SchemaValidationTest {

    private static KubernetesSchemas loaded;

    /** The schemas; each test is reported skipped, naming the folder, when there are none. */
    private static synchronized KubernetesSchemas schemas() {
        Path dir = KubernetesSchemas.dir();
        assumeTrue(Files.isDirectory(dir), "no schemas at " + dir + " (set -D" + KubernetesSchemas.DIR_PROPERTY
                + "=DIR, or run deploy/schemas/strimzi-crds.sh for Strimzi's)");
        if (loaded == null) {
            loaded = KubernetesSchemas.load(dir);
        }
        return loaded;
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void everyRenderedObjectMatchesItsSchema(String overlay) {
        List<Manifest> objects = rendered(overlay);
        assertThat(objects).hasSizeGreaterThan(30);
        List<String> problems = new ArrayList<>();
        List<Manifest> checked = objects.stream().filter(m -> schemas().covers(m.node())).toList();
        assertThat(checked).as("objects of %s whose API group has schemas (%s)", overlay, schemas().releases().keySet()).isNotEmpty();
        for (Manifest m : checked) {
            schemas().problems(m.node()).forEach(p -> problems.add(m + ": " + p));
        }
        assertThat(problems).as("schema violations in %s", overlay).isEmpty();
    }

    @Test
    void everyStrimziKindIsCoveredForEverySupportedRelease() {
        requireGroup("kafka.strimzi.io");
        assertThat(schemas().releases().get("kafka.strimzi.io")).containsExactly("strimzi-0.51.0", "strimzi-1.2.0");
        assertThat(schemas().sources().get("kafka.strimzi.io/v1/Kafka")).hasSize(2);
        assertThat(schemas().sources().get("kafka.strimzi.io/v1/KafkaNodePool")).hasSize(2);
        assertThat(schemas().sources().get("kafka.strimzi.io/v1/KafkaTopic")).hasSize(2);
        assertThat(schemas().sources().get("kafka.strimzi.io/v1/KafkaUser")).hasSize(2);
    }

    @Test
    void everyKedaAndPrometheusOperatorKindIsCoveredForEverySupportedRelease() {
        requireGroup("keda.sh");
        requireGroup("monitoring.coreos.com");
        for (String kind : List.of("keda.sh/v1alpha1/ScaledObject", "keda.sh/v1alpha1/TriggerAuthentication", "monitoring.coreos.com/v1/ServiceMonitor",
                "monitoring.coreos.com/v1/PodMonitor", "monitoring.coreos.com/v1/PrometheusRule")) {
            assertThat(schemas().sources().get(kind)).as("schemas of %s (oldest and newest supported release)", kind).hasSize(2);
        }
    }

    @Test
    void anUnknownFieldIsRefused() {
        requireGroup("apps");
        Manifest deployment = Renders.find(Renders.of("base"), "Deployment", "transformer-service");
        ObjectNode bad = deployment.node().deepCopy();
        ((ObjectNode) bad.path("spec").path("template").path("spec").path("containers").get(0)).put("imagePullPolicyy", "Always");
        assertThat(schemas().problems(deployment.node())).isEmpty();
        assertThat(schemas().problems(bad)).anyMatch(p -> p.contains("imagePullPolicyy"));
    }

    @Test
    void anUnknownFieldInACustomResourceIsRefusedByEveryStrimziRelease() {
        requireGroup("kafka.strimzi.io");
        Manifest kafka = Renders.find(Renders.of("base"), "Kafka", "rebase");
        ObjectNode bad = kafka.node().deepCopy();
        ((ObjectNode) bad.path("spec").path("kafka")).put("replicas", 3);
        assertThat(schemas().problems(kafka.node())).isEmpty();
        assertThat(schemas().problems(bad)).filteredOn(p -> p.contains("replicas")).hasSize(2);
    }

    @Test
    void aWrongTypeIsRefused() {
        requireGroup("keda.sh");
        Manifest scaled = Renders.find(Renders.of("base"), "ScaledObject", "transformer-service");
        ObjectNode bad = scaled.node().deepCopy();
        ((ObjectNode) bad.path("spec")).put("maxReplicaCount", "many");
        assertThat(schemas().problems(bad)).anyMatch(p -> p.contains("maxReplicaCount"));
    }

    @Test
    void anApiVersionThatTheNewestStrimziNoLongerServesIsRefused() {
        requireGroup("kafka.strimzi.io");
        ObjectNode old = Renders.find(Renders.of("base"), "KafkaTopic", "candidate-rows").node().deepCopy();
        old.put("apiVersion", "kafka.strimzi.io/v1beta2");
        // 0.51.0 still serves v1beta2; 1.2.0 serves v1 only
        assertThat(schemas().problems(old)).singleElement().asString()
                .contains("no schema for apiVersion kafka.strimzi.io/v1beta2").contains("strimzi-1.2.0");
    }

    @Test
    void aKafkaUserAclWithAnUnknownOperationIsRefusedByEveryStrimziRelease() {
        requireGroup("kafka.strimzi.io");
        Manifest user = Renders.find(Renders.of("prod"), "KafkaUser", "retriever-service");
        ObjectNode bad = user.node().deepCopy();
        ((ObjectNode) bad.path("spec").path("authorization").path("acls").get(0)).putArray("operations").add("Reed");
        assertThat(schemas().problems(user.node())).isEmpty();
        assertThat(schemas().problems(bad)).filteredOn(p -> p.contains("operations")).hasSize(2);
    }

    @Test
    void metadataOfCustomResourcesIsCheckedAsObjectMeta() {
        requireGroup("");
        requireGroup("monitoring.coreos.com");
        ObjectNode bad = Renders.find(Renders.of("base"), "PrometheusRule", "rebase-alerts").node().deepCopy();
        ((ObjectNode) bad.path("metadata")).put("label", "typo");
        assertThat(schemas().problems(bad)).anyMatch(p -> p.contains("label"));
    }

    /** Skips the calling test unless schemas of {@code group} ("" for core Kubernetes) were loaded. */
    private static void requireGroup(String group) {
        assumeTrue(schemas().releases().containsKey(group), "no schemas of API group '" + group + "' in " + KubernetesSchemas.dir());
    }

    /** The base is validated as kustomize renders it too (namespace and labels applied), with its state layer. */
    private static List<Manifest> rendered(String overlay) {
        if (!overlay.equals("base")) {
            return Renders.of(overlay);
        }
        assumeTrue(Kubectl.available(), "kubectl is not on the PATH");
        return java.util.stream.Stream.concat(Kubectl.kustomize(RepoPaths.k8s().resolve("base")).stream(),
                Kubectl.kustomize(RepoPaths.k8s().resolve("state")).stream()).toList();
    }

}
