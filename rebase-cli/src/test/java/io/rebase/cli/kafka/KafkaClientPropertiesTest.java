package io.rebase.cli.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's Kafka clients take the security settings of the environment under the services' variable names. */
class KafkaClientPropertiesTest {

    @Test
    void securityVariablesBecomeClientKeysAndOtherKafkaVariablesDoNot() {
        Properties p = KafkaClientProperties.of("rebase-kafka-bootstrap:9093", Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_KEYSTORE_LOCATION", "/etc/rebase/kafka/user.p12",
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", "secret",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_HOME", "/opt/kafka",
                "KAFKA_BOOTSTRAP_SERVERS", "elsewhere:9092",
                "PATH", "/usr/bin"));

        assertThat(p).containsOnlyKeys("bootstrap.servers", "security.protocol", "ssl.keystore.location",
                "ssl.truststore.password", "sasl.mechanism");
        assertThat(p.getProperty("bootstrap.servers")).as("the --bootstrap-servers value wins").isEqualTo("rebase-kafka-bootstrap:9093");
        // every key is one the Kafka client knows
        assertThat(AdminClientConfig.configNames()).contains(AdminClientConfig.SECURITY_PROTOCOL_CONFIG,
                SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, "sasl.mechanism");
    }

    @Test
    void withoutSecurityVariablesOnlyTheBootstrapServersAreSet() {
        assertThat(KafkaClientProperties.of("localhost:9092", Map.of("HOME", "/root")))
                .containsOnlyKeys("bootstrap.servers");
    }
}
