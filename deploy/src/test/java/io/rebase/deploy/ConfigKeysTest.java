package io.rebase.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigKeysTest {

    private static final String MAPPING = """
            package x;
            /** Settings. */
            @ConfigMapping(prefix = "rebase.demo")
            public interface DemoConfig {
                /** The folder. */
                @WithDefault("data/demo")
                String dataDir();
                @WithName("threads") @WithDefault("0") int workerThreads();
                Optional<String> apiKey();
                // a comment(); that looks like a member
                List<String> skipColumns();
                Store store();
                Map<String, Price> prices();
                Map<String, Integer> limits();
                default String describe() { return dataDir(); }
                interface Store {
                    @WithDefault("lucene") String type();
                    Optional<Integer> qdrantPort();
                }
                @WithParentName
                Flat flat();
                interface Flat { boolean verbose(); }
                interface Price { double input(); double output(); }
            }
            class Other {
                Other(@ConfigProperty(name = "rebase.auth.token") Optional<String> token) {
                    ConfigProvider.getConfig().getOptionalValue("rebase.other", String.class);
                }
            }
            """;

    @Test
    void mappingMembersNestedGroupsMapsAndInjectedProperties() {
        assertThat(ConfigKeys.of(MAPPING)).containsExactlyInAnyOrder(
                "rebase.demo.data-dir", "rebase.demo.threads", "rebase.demo.api-key", "rebase.demo.skip-columns",
                "rebase.demo.store.type", "rebase.demo.store.qdrant-port",
                "rebase.demo.prices.*.input", "rebase.demo.prices.*.output", "rebase.demo.limits.*",
                "rebase.demo.verbose", "rebase.auth.token", "rebase.other");
    }

    @Test
    void quarkusEnvironmentNaming() {
        assertThat(ConfigKeys.envName("rebase.retriever.data-dir")).isEqualTo("REBASE_RETRIEVER_DATA_DIR");
        assertThat(ConfigKeys.envName("kafka.bootstrap.servers")).isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(ConfigKeys.kebab("maxRowsPerConfig")).isEqualTo("max-rows-per-config");
        assertThat(ConfigKeys.kebab("hnswM")).isEqualTo("hnsw-m");
    }

    @Test
    void realServiceKeysAreFound() {
        ServiceConfig trainer = ServiceConfig.of("trainer-service");
        assertThat(trainer.knowsEnv("REBASE_TRAINER_DATA_DIR")).isTrue();
        assertThat(trainer.knowsEnv("KAFKA_BOOTSTRAP_SERVERS")).isTrue();
        assertThat(trainer.knowsEnv("REBASE_AUTH_TOKEN")).as("commons' bearer-token filter").isTrue();
        assertThat(trainer.knowsEnv("REBASE_TRAINER_NO_SUCH_KEY")).isFalse();
        assertThat(ServiceConfig.of("retriever-service").knowsEnv("REBASE_TRAINER_DATA_DIR")).isFalse();
    }
}
