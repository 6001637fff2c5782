package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The three Deployments against each service's own configuration. */
class DeploymentsTest {

    /** Set in the container, not Quarkus configuration: read by the image's entrypoint. */
    static final Set<String> CONTAINER_ENV = Set.of("JAVA_OPTS");

    /** Quarkus keys a Deployment may set although the service's files do not spell them (runtime properties). */
    static final Set<String> QUARKUS_RUNTIME = Set.of(
            "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_LOG_LEVEL", "QUARKUS_HTTP_PORT");

    /** Keys of quarkus-langchain4j-openai, valid only where the service depends on it. */
    static final Set<String> LANGCHAIN4J_OPENAI = Set.of(
            "QUARKUS_LANGCHAIN4J_OPENAI_API_KEY", "QUARKUS_LANGCHAIN4J_OPENAI_BASE_URL",
            "QUARKUS_LANGCHAIN4J_OPENAI_CHAT_MODEL_MODEL_NAME", "QUARKUS_LANGCHAIN4J_OPENAI_TIMEOUT");

    /**
     * Kafka client security settings: Quarkus hands every kafka.* key (KAFKA_SSL_KEYSTORE_LOCATION is
     * kafka.ssl.keystore.location) to all Kafka clients of a service, so these need no mention in its files.
     */
    static final Set<String> KAFKA_CLIENT_SECURITY = Set.of(
            "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_SSL_KEYSTORE_TYPE", "KAFKA_SSL_KEYSTORE_LOCATION", "KAFKA_SSL_KEYSTORE_PASSWORD",
            "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_TRUSTSTORE_PASSWORD");

    /** Build-time properties: setting them on a running container changes nothing (the image must be built so). */
    static final Set<String> BUILD_TIME = Set.of("QUARKUS_DATASOURCE_DB_KIND", "QUARKUS_PACKAGE_JAR_TYPE");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String render : Renders.ALL) {
            for (String service : RepoPaths.SERVICES) {
                out.add(Arguments.of(render, service));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void portsAndProbesMatchTheService(String render, String service) {
        int port = ServiceConfig.of(service).httpPort();
        List<Manifest> objects = Renders.of(render);
        JsonNode container = container(objects, service);

        assertThat(container.path("ports").findValuesAsText("containerPort")).containsExactly(String.valueOf(port));
        assertProbe(container, "livenessProbe", "/q/health/live", port);
        assertProbe(container, "readinessProbe", "/q/health/ready", port);
        if (container.has("startupProbe")) {
            assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).startsWith("/q/health");
            assertThat(container.path("startupProbe").path("httpGet").path("port").asInt()).isEqualTo(port);
        }

        Manifest svc = Renders.find(objects, "Service", service);
        JsonNode svcPort = svc.spec().path("ports").get(0);
        assertThat(svcPort.path("port").asInt()).isEqualTo(port);
        assertThat(svcPort.path("name").asText()).isEqualTo("http");
        assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo(svcPort.path("targetPort").asText());
        assertThat(svc.spec().path("selector")).isEqualTo(deployment(objects, service).spec().path("selector").path("matchLabels"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void resourcesAreBounded(String render, String service) {
        JsonNode resources = container(Renders.of(render), service).path("resources");
        assertThat(resources.path("requests").path("cpu").isMissingNode()).as("cpu request").isFalse();
        assertThat(resources.path("requests").path("memory").isMissingNode()).as("memory request").isFalse();
        assertThat(resources.path("limits").path("memory").isMissingNode()).as("memory limit").isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void everyEnvironmentVariableIsAConfigurationKeyOfTheService(String render, String service) {
        ServiceConfig config = ServiceConfig.of(service);
        Map<String, String> env = environment(Renders.of(render), service);
        List<String> unknown = new ArrayList<>();
        for (String name : env.keySet()) {
            assertThat(BUILD_TIME).as("%s sets the build-time property %s", service, name).doesNotContain(name);
            boolean known = CONTAINER_ENV.contains(name) || QUARKUS_RUNTIME.contains(name) || config.knowsEnv(name)
                    || (KAFKA_CLIENT_SECURITY.contains(name) && config.dependsOn("rebase-service-commons"))
                    || (LANGCHAIN4J_OPENAI.contains(name) && config.dependsOn("quarkus-langchain4j-openai"));
            if (!known) {
                unknown.add(name + " (from " + env.get(name) + ")");
            }
        }
        assertThat(unknown).as("environment of %s in %s that maps to no configuration key of the service", service, render).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void referencedSecretsConfigMapsAndClaimsExist(String render, String service) {
        List<Manifest> objects = Renders.of(render);
        JsonNode pod = deployment(objects, service).spec().path("template").path("spec");
        Map<String, Set<String>> byOperator = KafkaAcls.operatorSecrets(objects);
        for (JsonNode ref : pod.findValues("secretKeyRef")) {
            String name = ref.path("name").asText();
            String key = ref.path("key").asText();
            if (byOperator.containsKey(name)) {
                // created by Strimzi for a KafkaUser or the Kafka cluster of this render
                assertThat(byOperator.get(name)).as("key %s of %s (created by Strimzi)", key, name).contains(key);
                continue;
            }
            if (Renders.ofKind(objects, "Secret").isEmpty()) {
                // base and prod: the Secret must already be in the cluster, checked by check-secrets.sh
                assertThat(RequiredSecrets.all().getOrDefault(name, java.util.Set.of())).as("%s %s in check-secrets.sh", name, key).contains(key);
                continue;
            }
            Manifest secret = Renders.find(objects, "Secret", name);
            JsonNode data = secret.node().has("stringData") ? secret.node().path("stringData") : secret.node().path("data");
            assertThat(data.has(key)).as("key %s of %s", key, secret).isTrue();
        }
        for (JsonNode ref : pod.findValues("configMapRef")) {
            Renders.find(objects, "ConfigMap", ref.path("name").asText());
        }
        for (JsonNode volume : pod.path("volumes")) {
            for (JsonNode secret : volume.path("projected").path("sources").findValues("secret")) {
                for (JsonNode item : secret.path("items")) {
                    assertThat(byOperator.getOrDefault(secret.path("name").asText(), Set.of()))
                            .as("%s of Secret %s in volume %s", item.path("key").asText(), secret.path("name").asText(), volume.path("name").asText())
                            .contains(item.path("key").asText());
                }
            }
            if (volume.has("persistentVolumeClaim")) {
                Renders.find(objects, "PersistentVolumeClaim", volume.path("persistentVolumeClaim").path("claimName").asText());
            }
            if (volume.has("configMap")) {
                Renders.find(objects, "ConfigMap", volume.path("configMap").path("name").asText());
            }
        }
    }

    /** The environment of the service's container: env entries and the keys of its envFrom ConfigMaps. */
    static Map<String, String> environment(List<Manifest> objects, String service) {
        JsonNode container = container(objects, service);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String name = from.path("configMapRef").path("name").asText(from.path("secretRef").path("name").asText());
            String kind = from.has("configMapRef") ? "ConfigMap" : "Secret";
            Manifest source = Renders.find(objects, kind, name);
            JsonNode data = source.node().has("stringData") ? source.node().path("stringData") : source.node().path("data");
            data.fieldNames().forEachRemaining(k -> env.put(k, kind + "/" + name));
        }
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), "env of the Deployment");
        }
        return env;
    }

    /** The literal values of the container's environment (ConfigMap data and env values; secrets left out). */
    static Map<String, String> environmentValues(List<Manifest> objects, String service) {
        JsonNode container = container(objects, service);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                Renders.find(objects, "ConfigMap", from.path("configMapRef").path("name").asText()).node().path("data")
                        .fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            }
        }
        for (JsonNode e : container.path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        }
        return env;
    }

    static Manifest deployment(List<Manifest> objects, String service) {
        return Renders.find(objects, "Deployment", service);
    }

    static JsonNode container(List<Manifest> objects, String service) {
        for (JsonNode c : deployment(objects, service).spec().path("template").path("spec").path("containers")) {
            if (c.path("name").asText().equals(service)) {
                return c;
            }
        }
        throw new AssertionError("Deployment " + service + " has no container named " + service);
    }

    private static void assertProbe(JsonNode container, String probe, String path, int port) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("path").asText()).as(probe).isEqualTo(path);
        assertThat(get.path("port").asInt()).as(probe + " port").isEqualTo(port);
    }
}
