package io.rebase.transformer.benchmark;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.QuarkusTestGroups;
import org.junit.jupiter.api.Tag;

/** The benchmark at concurrency 64 (see {@link TransformerBenchmarkBase}). */
@Tag(QuarkusTestGroups.OWN_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(value = SlowOpenAiStubResource.class, restrictToAnnotatedClass = true)
@TestProfile(TransformerBenchmarkC64.Concurrency.class)
class TransformerBenchmarkC64 extends TransformerBenchmarkBase {

    public static class Concurrency extends TransformerBenchmarkBase.Profile {
        public Concurrency() {
            super(64);
        }
    }

    @Override
    int concurrency() {
        return 64;
    }
}
