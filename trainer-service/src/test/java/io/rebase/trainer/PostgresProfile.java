package io.rebase.trainer;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Runs a test class against the real PostgreSQL server that {@code .ci/postgres.sh} installs and starts
 * (database {@code rebase_trainer}), instead of H2: the same code, the database a cluster uses.
 */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.url", env("REBASE_TEST_POSTGRES_URL") + "/rebase_trainer",
                "quarkus.datasource.username", env("REBASE_TEST_POSTGRES_USER"),
                "quarkus.datasource.password", env("REBASE_TEST_POSTGRES_PASSWORD"),
                // the database outlives the run: start from an empty schema, then migrate, as on a fresh H2
                "quarkus.flyway.clean-disabled", "false",
                "quarkus.flyway.clean-at-start", "true");
    }

    /** Empty where unset: JUnit discovers (and Quarkus reads) the profile even where the test class is disabled. */
    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }
}
