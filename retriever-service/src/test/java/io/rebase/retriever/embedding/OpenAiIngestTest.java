package io.rebase.retriever.embedding;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.retriever.TestDatastore;
import io.rebase.retriever.store.VectorPoint;
import io.rebase.retriever.store.VectorStore;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** The service configured with {@code embedding.model=openai}: an ingest really embeds through the endpoint. */
@Tag(QuarkusTestGroups.OWN_APP)
@QuarkusTest
@TestProfile(OpenAiIngestTest.OpenAiProfile.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
class OpenAiIngestTest {

    static volatile OpenAiEmbeddingStub stub;

    /** Starts the stub before the service and points the service at it. */
    public static class StubResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                stub = new OpenAiEmbeddingStub();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("rebase.retriever.embedding.openai-base-url", stub.baseUrl());
        }

        @Override
        public void stop() {
            stub.close();
        }
    }

    public static class OpenAiProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rebase.retriever.embedding.model", "openai",
                    "rebase.retriever.embedding.openai-model", "stub-embedding-model",
                    "rebase.retriever.embedding.openai-api-key", "sk-test");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StubResource.class));
        }
    }

    @Inject
    VectorStore store;

    @Test
    void anIngestEmbedsEveryCellThroughTheEndpointAndStoresItsVectors() {
        TestDatastore.prepare();
        JsonPath result = given().contentType(ContentType.JSON).body(Map.of("path", "fx_csv")).queryParam("wait", true)
                .post("/datasets").then().statusCode(200).extract().jsonPath();
        assertThat(result.getLong("stats.cells")).isEqualTo(8);
        assertThat(result.getLong("stats.embeddedTexts")).isEqualTo(8);

        assertThat(stub.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer sk-test"));
        assertThat(stub.embeddedTexts()).contains("What is the capital of France?", "Paris", "William Shakespeare");
        List<VectorPoint> row = store.pointsOfRows(List.of("fx_csv/default/0")).get("fx_csv/default/0");
        assertThat(row).extracting(VectorPoint::column).containsExactly("answer", "question");
        assertThat(row.get(0).vector()).containsExactly(Embedder.normalise(OpenAiEmbeddingStub.vectorOf("Paris")), offset(1e-6f));
        assertThat(row.get(1).vector())
                .containsExactly(Embedder.normalise(OpenAiEmbeddingStub.vectorOf("What is the capital of France?")), offset(1e-6f));
    }
}
