package io.rebase.trainer.outage;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The trainer on a PostgreSQL server of the test's own ({@link ThrowAwayPostgres}), which the test stops. */
public class ThrowAwayPostgresProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ThrowAwayPostgres.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // back-off capped at 2 s, so that work resumes soon after the database is back; a long idle timeout, so that
        // the stream completes by accounting for every row, never by waiting out the outage
        return Map.of("quarkus.datasource.db-kind", "postgresql", "rebase.retry.max-delay", "2s",
                "rebase.trainer.idle-timeout", "120s");
    }
}
