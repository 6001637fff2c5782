package io.rebase.cli.kafka;

import java.util.Map;
import java.util.Properties;

/**
 * The properties every Kafka client of the CLI starts from: the bootstrap servers and the security settings of the
 * environment, named as the services read them (Quarkus maps {@code KAFKA_SSL_KEYSTORE_LOCATION} to the client key
 * {@code ssl.keystore.location}), so that the CLI reaches a TLS or SASL listener with the same variables as a service.
 * Only {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SSL_*} and {@code KAFKA_SASL_*} are taken: other
 * {@code KAFKA_*} variables of a shell (KAFKA_HOME, KAFKA_OPTS) are no client settings.
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    /** The bootstrap servers and the security settings of this process's environment. */
    public static Properties of(String bootstrapServers) {
        return of(bootstrapServers, System.getenv());
    }

    /** The bootstrap servers and the security settings of {@code env}. */
    public static Properties of(String bootstrapServers, Map<String, String> env) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        env.forEach((name, value) -> {
            if (name.equals("KAFKA_SECURITY_PROTOCOL") || name.startsWith("KAFKA_SSL_") || name.startsWith("KAFKA_SASL_")) {
                p.put(name.substring("KAFKA_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
            }
        });
        return p;
    }
}
