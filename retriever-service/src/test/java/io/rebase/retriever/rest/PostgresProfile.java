package io.rebase.retriever.rest;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Runs a test class against the real PostgreSQL server that {@code .ci/postgres.sh} installs and starts
 * (database {@code rebase_retriever}), instead of H2: the same code, the database a cluster uses. Its schema is
 * cleaned and migrated at start (the test profile's Flyway settings), as an empty H2 database is.
 */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.url", env("REBASE_TEST_POSTGRES_URL") + "/rebase_retriever",
                "quarkus.datasource.username", env("REBASE_TEST_POSTGRES_USER"),
                "quarkus.datasource.password", env("REBASE_TEST_POSTGRES_PASSWORD"));
    }

    // JUnit discovery builds the profile even where the class is disabled (no PostgreSQL): no nulls in Map.of then.
    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }
}
