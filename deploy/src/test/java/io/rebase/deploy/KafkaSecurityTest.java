package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka in prod: one TLS listener with client certificates, ACLs (authorization simple), and per client a KafkaUser
 * allowed exactly the topics and groups that client uses, derived from the services' configuration and the CLI's code.
 * The services and KEDA connect with their own user's certificate; dev stays plaintext without users.
 */
class KafkaSecurityTest {

    static final List<String> SERVICES = RepoPaths.SERVICES;

    @Test
    void prodKafkaAuthorizesWithAclsAndEveryListenerAuthenticatesOverTls() {
        Manifest kafka = Renders.ofKind(Renders.of("prod"), "Kafka").get(0);
        assertThat(kafka.spec().path("kafka").path("authorization").path("type").asText()).isEqualTo("simple");
        JsonNode listeners = kafka.spec().path("kafka").path("listeners");
        assertThat(listeners).isNotEmpty();
        for (JsonNode listener : listeners) {
            assertThat(listener.path("tls").asBoolean()).as("listener %s is TLS", listener.path("name").asText()).isTrue();
            assertThat(listener.path("authentication").path("type").asText()).as("listener %s authenticates", listener.path("name").asText())
                    .isIn("tls", "scram-sha-512");
        }
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void eachServiceIsAllowedExactlyTheTopicsAndGroupsItsConfigurationUses(String service) {
        List<Manifest> prod = Renders.of("prod");
        Manifest user = user(prod, service);
        assertThat(user.node().path("metadata").path("labels").path("strimzi.io/cluster").asText())
                .isEqualTo(Renders.ofKind(prod, "Kafka").get(0).name());
        assertThat(KafkaAcls.granted(user)).as("ACLs of KafkaUser %s vs its channels (application.properties + the Deployment's env)", service)
                .isEqualTo(KafkaAcls.usedBy(asDeployed(prod, service)));
    }

    @Test
    void aChannelMovedToAnotherGroupNoLongerMatchesTheAcls() {
        List<Manifest> prod = Renders.of("prod");
        ServiceConfig moved = ServiceConfig.of("transformer-service").withEnv(Map.of("REBASE_TRANSFORMER_GROUP_ID", "other-group"));
        Map<String, Set<String>> used = KafkaAcls.usedBy(moved);
        assertThat(used).containsKey(KafkaAcls.key("group", "literal", "other-group"));
        assertThat(KafkaAcls.granted(user(prod, "transformer-service"))).isNotEqualTo(used);
    }

    @Test
    void theCliIsAllowedExactlyWhatItsCommandsDo() {
        Map<String, Set<String>> used = KafkaAcls.usedByCli();
        assertThat(used).containsEntry(KafkaAcls.key("topic", "literal", Topics.TASK_REQUESTS), Set.of("Write"))
                .containsEntry(KafkaAcls.key("topic", "literal", Topics.TASK_EVENTS), Set.of("Read"))
                .containsEntry(KafkaAcls.key("group", "prefix", "rebase-cli-"), Set.of("Read"));
        assertThat(KafkaAcls.granted(user(Renders.of("prod"), "rebase-cli"))).isEqualTo(used);
    }

    @Test
    void kedaMayOnlyDescribeTheScaledTopicAndGroup() {
        List<Manifest> prod = Renders.of("prod");
        JsonNode trigger = Renders.find(prod, "ScaledObject", "transformer-service").spec().path("triggers").get(0);
        JsonNode metadata = trigger.path("metadata");
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put(KafkaAcls.key("topic", "literal", metadata.path("topic").asText()), Set.of("Describe"));
        expected.put(KafkaAcls.key("group", "literal", metadata.path("consumerGroup").asText()), Set.of("Describe"));
        Manifest auth = Renders.find(prod, "TriggerAuthentication", trigger.path("authenticationRef").path("name").asText());
        String kedaUser = secretOf(auth, "cert");
        assertThat(secretOf(auth, "key")).isEqualTo(kedaUser);
        assertThat(KafkaAcls.granted(user(prod, kedaUser))).isEqualTo(expected);
    }

    @Test
    void kedaConnectsToTheTlsListenerWithItsCertificateAndTheClusterCa() {
        List<Manifest> prod = Renders.of("prod");
        JsonNode trigger = Renders.find(prod, "ScaledObject", "transformer-service").spec().path("triggers").get(0);
        assertThat(trigger.path("metadata").path("tls").asText()).isEqualTo("enable");
        assertThat(port(trigger.path("metadata").path("bootstrapServers").asText())).isEqualTo(tlsListenerPort(prod));
        Manifest auth = Renders.find(prod, "TriggerAuthentication", trigger.path("authenticationRef").path("name").asText());
        Map<String, Set<String>> created = KafkaAcls.operatorSecrets(prod);
        for (JsonNode ref : auth.spec().path("secretTargetRef")) {
            assertThat(created.getOrDefault(ref.path("name").asText(), Set.of())).as("Strimzi creates %s", ref).contains(ref.path("key").asText());
        }
        assertThat(secretOf(auth, "ca")).isEqualTo(Renders.ofKind(prod, "Kafka").get(0).name() + "-cluster-ca-cert");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void eachServiceConnectsToTheTlsListenerWithItsOwnCertificate(String service) {
        List<Manifest> prod = Renders.of("prod");
        ServiceConfig config = asDeployed(prod, service);
        assertThat(port(config.value("kafka.bootstrap.servers"))).isEqualTo(tlsListenerPort(prod));
        assertThat(config.value("kafka.security.protocol")).isEqualTo("SSL");

        String caSecret = Renders.ofKind(prod, "Kafka").get(0).name() + "-cluster-ca-cert";
        JsonNode pod = DeploymentsTest.deployment(prod, service).spec().path("template").path("spec");
        JsonNode container = DeploymentsTest.container(prod, service);
        assertThat(mountedSecretFile(pod, container, config.value("kafka.ssl.keystore.location"))).isEqualTo(service + "/user.p12");
        assertThat(mountedSecretFile(pod, container, config.value("kafka.ssl.truststore.location"))).isEqualTo(caSecret + "/ca.p12");
        assertThat(config.value("kafka.ssl.keystore.type")).isEqualTo("PKCS12");
        assertThat(config.value("kafka.ssl.truststore.type")).isEqualTo("PKCS12");
        assertThat(envSecret(container, "KAFKA_SSL_KEYSTORE_PASSWORD")).isEqualTo(service + "/user.password");
        assertThat(envSecret(container, "KAFKA_SSL_TRUSTSTORE_PASSWORD")).isEqualTo(caSecret + "/ca.password");
    }

    @Test
    void theServicesMayReachTheTlsListener() {
        List<Manifest> prod = Renders.of("prod");
        Manifest policy = Renders.find(prod, "NetworkPolicy", "rebase-services-to-kafka");
        assertThat(policy.spec().path("egress").findValuesAsText("port")).containsExactly(String.valueOf(tlsListenerPort(prod)));
    }

    @Test
    void devStaysPlaintextWithoutUsers() {
        List<Manifest> dev = Renders.of("dev");
        Manifest kafka = Renders.ofKind(dev, "Kafka").get(0);
        assertThat(kafka.spec().path("kafka").has("authorization")).isFalse();
        assertThat(kafka.spec().path("kafka").path("listeners").findValuesAsText("tls")).containsOnly("false");
        assertThat(Renders.ofKind(dev, "KafkaUser")).isEmpty();
        for (String service : SERVICES) {
            assertThat(DeploymentsTest.environment(dev, service).keySet()).as(service).noneMatch(k -> k.startsWith("KAFKA_S"));
        }
    }

    private static ServiceConfig asDeployed(List<Manifest> objects, String service) {
        return ServiceConfig.of(service).withEnv(DeploymentsTest.environmentValues(objects, service));
    }

    private static Manifest user(List<Manifest> objects, String name) {
        return Renders.find(objects, "KafkaUser", name);
    }

    private static int tlsListenerPort(List<Manifest> objects) {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode l : Renders.ofKind(objects, "Kafka").get(0).spec().path("kafka").path("listeners")) {
            if (l.path("tls").asBoolean() && l.path("authentication").path("type").asText().equals("tls")) {
                ports.add(l.path("port").asInt());
            }
        }
        assertThat(ports).as("TLS listeners with client certificates").hasSize(1);
        return ports.get(0);
    }

    private static int port(String bootstrap) {
        return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }

    private static String secretOf(Manifest auth, String parameter) {
        for (JsonNode ref : auth.spec().path("secretTargetRef")) {
            if (ref.path("parameter").asText().equals(parameter)) {
                return ref.path("name").asText();
            }
        }
        throw new AssertionError(auth + " has no " + parameter);
    }

    private static String envSecret(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                return ref.path("name").asText() + "/" + ref.path("key").asText();
            }
        }
        throw new AssertionError("no env " + name);
    }

    /** "secret/key" of the file at {@code path}, mounted from a secret (or projected secret) volume of the pod. */
    private static String mountedSecretFile(JsonNode pod, JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            String dir = mount.path("mountPath").asText();
            if (!path.startsWith(dir + "/")) {
                continue;
            }
            String file = path.substring(dir.length() + 1);
            for (JsonNode volume : pod.path("volumes")) {
                if (!volume.path("name").asText().equals(mount.path("name").asText())) {
                    continue;
                }
                List<JsonNode> secrets = new ArrayList<>();
                volume.path("projected").path("sources").forEach(s -> secrets.add(s.path("secret")));
                secrets.add(volume.path("secret"));
                for (JsonNode secret : secrets) {
                    for (JsonNode item : secret.path("items")) {
                        if (item.path("path").asText().equals(file)) {
                            return secret.path("name").asText(secret.path("secretName").asText()) + "/" + item.path("key").asText();
                        }
                    }
                }
            }
        }
        throw new AssertionError(path + " is not a file of a mounted Secret");
    }
}
