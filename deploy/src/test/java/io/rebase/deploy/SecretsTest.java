package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets: nothing committed can overwrite a real one. The base and prod bring no Secret and name what they need in
 * check-secrets.sh; dev generates throw-away values; every reference resolves and fails clearly when it does not.
 */
class SecretsTest {

    @Test
    void noSecretObjectIsCommittedAsAFile() {
        List<String> secrets = new ArrayList<>();
        for (Path file : Renders.yamlFiles(RepoPaths.k8s())) {
            Manifest.parse(file).stream().filter(m -> m.kind().equals("Secret")).forEach(m -> secrets.add(m.toString()));
        }
        assertThat(secrets).as("Secret objects in deploy/k8s (dev uses a secretGenerator, prod the cluster's)").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "prod"})
    void baseAndProdBringNoSecretAndRequireExactlyWhatTheyReference(String render) {
        List<Manifest> objects = Renders.of(render);
        assertThat(Renders.ofKind(objects, "Secret")).as("Secrets rendered by %s", render).isEmpty();
        Map<String, Set<String>> referenced = references(objects);
        // the Secrets Strimzi creates (KafkaUsers' certificates, the cluster CA) are the operator's, not the user's
        referenced.keySet().removeAll(KafkaAcls.operatorSecrets(objects).keySet());
        Map<String, Set<String>> required = RequiredSecrets.all();
        if (render.equals("base")) {
            // the auth component (rebase-auth) is added by the overlays
            required.remove("rebase-auth");
        }
        assertThat(referenced).as("secretKeyRefs of %s vs the require lines of %s", render, RequiredSecrets.script())
                .isEqualTo(required);
    }

    @Test
    void devGeneratesEveryReferencedSecretWithThrowAwayValuesUnderStableNames() {
        List<Manifest> dev = Renders.of("dev");
        Map<String, Set<String>> referenced = references(dev);
        assertThat(referenced.keySet()).containsExactlyInAnyOrderElementsOf(RequiredSecrets.all().keySet());
        for (Map.Entry<String, Set<String>> ref : referenced.entrySet()) {
            Manifest secret = Renders.find(dev, "Secret", ref.getKey());
            Set<String> keys = new TreeSet<>();
            secret.node().path("data").fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as("keys of %s", secret).containsAll(ref.getValue());
            assertThat(secret.node().path("metadata").path("annotations").path("rebase.io/throw-away").asText())
                    .as("%s is marked throw-away", secret).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void everySecretKeyRefIsExplicitlyRequired(String render) {
        for (Manifest m : Renders.of(render)) {
            for (JsonNode ref : m.node().findValues("secretKeyRef")) {
                assertThat(ref.path("optional").isBoolean() && !ref.path("optional").asBoolean())
                        .as("%s: secretKeyRef %s must say optional: false (a missing Secret stops the pod, named)", m, ref).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void postgresAndTheServicesReadOnePassword(String render) {
        List<Manifest> objects = Renders.of(render);
        JsonNode postgres = Renders.find(objects, "StatefulSet", "postgres").spec().path("template").path("spec").path("containers").get(0);
        JsonNode serverPassword = envRef(postgres, "POSTGRES_PASSWORD");
        for (String service : List.of("retriever-service", "trainer-service")) {
            assertThat(envRef(DeploymentsTest.container(objects, service), "QUARKUS_DATASOURCE_PASSWORD"))
                    .as("%s's password source", service).isEqualTo(serverPassword);
        }
    }

    @Test
    void theReadmeNamesEverySecretAndTheCheck() throws Exception {
        String readme = Files.readString(RepoPaths.deploy().resolve("README.md"));
        assertThat(readme).contains("check-secrets.sh");
        RequiredSecrets.all().keySet().forEach(name -> assertThat(readme).as("README names %s", name).contains(name));
    }

    /** Secret name to keys over every secretKeyRef and Prometheus Operator credentials reference of the objects. */
    static Map<String, Set<String>> references(List<Manifest> objects) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Manifest m : objects) {
            List<JsonNode> refs = new ArrayList<>(m.node().findValues("secretKeyRef"));
            if (m.apiVersion().startsWith("monitoring.coreos.com/")) {
                refs.addAll(m.node().findValues("credentials"));
            }
            for (JsonNode ref : refs) {
                out.computeIfAbsent(ref.path("name").asText(), k -> new TreeSet<>()).add(ref.path("key").asText());
            }
        }
        return out;
    }

    private static JsonNode envRef(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("valueFrom").path("secretKeyRef");
            }
        }
        throw new AssertionError("no env " + name + " in container " + container.path("name").asText());
    }
}
