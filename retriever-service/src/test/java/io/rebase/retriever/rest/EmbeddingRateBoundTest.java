package io.rebase.retriever.rest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /datasets/embedding-rate?sample=} does bounded work: an out-of-range sample is a 400 naming the bound. */
class EmbeddingRateBoundTest {

    @Test
    void theSampleIsBounded() {
        assertThat(DatasetResource.sampleProblem(2_000)).isNull();
        assertThat(DatasetResource.sampleProblem(1)).isNull();
        assertThat(DatasetResource.sampleProblem(DatasetResource.MAX_EMBEDDING_RATE_SAMPLE)).isNull();
        assertThat(DatasetResource.sampleProblem(Integer.MAX_VALUE)).contains("between 1 and 5000").contains(String.valueOf(Integer.MAX_VALUE));
        assertThat(DatasetResource.sampleProblem(0)).contains("between 1 and 5000");
        assertThat(DatasetResource.sampleProblem(-5)).contains("-5");
    }
}
