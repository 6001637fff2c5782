package io.rebase.trainer.schema;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.trainer.PostgresProfile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link PreviousReleaseUpgradeTest} on the real PostgreSQL of CI ({@code REBASE_TEST_POSTGRES_URL}, see
 * {@code .ci/postgres.sh}), in a schema of its own that starts empty each run; skipped where it is not set.
 */
@Tag(QuarkusTestGroups.OWN_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@TestProfile(PostgresPreviousReleaseUpgradeTest.PreviousReleasePostgres.class)
@EnabledIfEnvironmentVariable(named = "REBASE_TEST_POSTGRES_URL", matches = ".+")
class PostgresPreviousReleaseUpgradeTest extends PreviousReleaseUpgradeTest {

    /** {@link PostgresProfile}'s server, in schema {@value #SCHEMA}, without its clean at start. */
    public static class PreviousReleasePostgres extends PostgresProfile {

        static final String SCHEMA = "previous_release";

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("quarkus.datasource.jdbc.url", url());
            config.put("quarkus.flyway.clean-at-start", "false");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            Map<String, String> config = super.getConfigOverrides();
            return List.of(new TestResourceEntry(PreviousReleaseDatabase.class, Map.of("kind", "postgresql",
                    "url", url(), "schema", SCHEMA,
                    "user", config.get("quarkus.datasource.username"),
                    "password", config.get("quarkus.datasource.password"))));
        }

        private String url() {
            return super.getConfigOverrides().get("quarkus.datasource.jdbc.url") + "?currentSchema=" + SCHEMA;
        }
    }
}
