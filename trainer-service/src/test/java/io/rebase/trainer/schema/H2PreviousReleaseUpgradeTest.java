package io.rebase.trainer.schema;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.QuarkusTestGroups;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/** {@link PreviousReleaseUpgradeTest} on an H2 file database, the trainer database of a single-node installation. */
@Tag(QuarkusTestGroups.OWN_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@TestProfile(H2PreviousReleaseUpgradeTest.PreviousReleaseH2.class)
class H2PreviousReleaseUpgradeTest extends PreviousReleaseUpgradeTest {

    /** The service on an H2 file that the previous release wrote; no clean at start, unlike the other tests. */
    public static class PreviousReleaseH2 implements QuarkusTestProfile {

        // a file, not a mem: database, so that the resource and the service see it whatever their class loaders
        static final String URL = "jdbc:h2:file:./target/previous-release/trainer-" + ProcessHandle.current().pid();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", URL,
                    "quarkus.flyway.clean-at-start", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PreviousReleaseDatabase.class, Map.of("kind", "h2", "url", URL)));
        }
    }
}
