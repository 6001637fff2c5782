package io.rebase.trainer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rebase.kafka.QuarkusTestGroups;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@link TrainingExampleConsumerTest} (example storage, dedup by exampleId, dead letters and task state) against PostgreSQL. CI sets {@code REBASE_TEST_POSTGRES_URL}
 * (see {@code .ci/postgres.sh}); elsewhere the class is skipped and H2 alone is tested.
 */
@Tag(QuarkusTestGroups.OWN_APP)
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIfEnvironmentVariable(named = "REBASE_TEST_POSTGRES_URL", matches = ".+")
class PostgresTrainingExampleConsumerTest extends TrainingExampleConsumerTest {
}
