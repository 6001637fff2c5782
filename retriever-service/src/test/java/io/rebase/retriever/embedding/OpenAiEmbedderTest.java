package io.rebase.retriever.embedding;

import io.rebase.retriever.config.RetrieverConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** The {@code openai} embedder of {@link EmbedderFactory} against a real local HTTP stub of /v1/embeddings. */
class OpenAiEmbedderTest {

    private OpenAiEmbeddingStub stub;

    @BeforeEach
    void start() throws Exception {
        stub = new OpenAiEmbeddingStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    static RetrieverConfig.Embedding openai(String baseUrl, int batchSize) {
        return new RetrieverConfig.Embedding() {
            public String model() { return "openai"; }
            public int threads() { return 0; }
            public String openaiBaseUrl() { return baseUrl; }
            public Optional<String> openaiApiKey() { return Optional.of("sk-test"); }
            public String openaiModel() { return "stub-embedding-model"; }
            public int openaiBatchSize() { return batchSize; }
        };
    }

    @Test
    void embedsThroughTheEndpointInBatchesAndReturnsItsVectorsNormalised() {
        Embedder embedder = EmbedderFactory.create(openai(stub.baseUrl(), 2));
        assertThat(embedder.name()).isEqualTo("openai:stub-embedding-model");
        assertThat(embedder.dimension()).isEqualTo(OpenAiEmbeddingStub.DIMENSION);
        stub.requests().clear();

        List<String> texts = List.of("A man plays a guitar.", "entailment", "Who wrote Hamlet?", "Paris", "eight");
        List<float[]> vectors = embedder.embed(texts);

        // 5 texts at 2 per request: 3 requests, in order, with the configured model and key.
        assertThat(stub.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.model()).isEqualTo("stub-embedding-model");
            assertThat(r.authorization()).isEqualTo("Bearer sk-test");
        });
        assertThat(stub.embeddedTexts()).containsExactlyElementsOf(texts);
        assertThat(vectors).hasSize(5);
        for (int i = 0; i < texts.size(); i++) {
            float[] expected = Embedder.normalise(OpenAiEmbeddingStub.vectorOf(texts.get(i)));
            assertThat(vectors.get(i)).containsExactly(expected, offset(1e-6f));
        }
    }

    @Test
    void aFailingEndpointGivesAClearErrorNamingTheModelAndTheEndpoint() {
        Embedder embedder = EmbedderFactory.create(openai(stub.baseUrl(), 8));
        assertThatThrownBy(() -> embedder.embed(List.of("fine", OpenAiEmbeddingStub.FAIL)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openai:stub-embedding-model")
                .hasMessageContaining(stub.baseUrl())
                .hasMessageContaining("2 texts")
                .hasMessageContaining("stub failure on purpose");
    }

    @Test
    void anUnreachableEndpointFailsAtStartWithTheEndpointNamed() {
        String dead = "http://127.0.0.1:1/v1";
        assertThatThrownBy(() -> EmbedderFactory.create(openai(dead, 8)).embed("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dead);
    }
}
