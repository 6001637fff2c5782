package io.rebase.retriever.store;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.util.UUID;

/** The contract against a real Qdrant in a container; skipped where there is no Docker. */
@Testcontainers(disabledWithoutDocker = true)
class QdrantVectorStoreTest extends VectorStoreContract {

    @Container
    static final GenericContainer<?> QDRANT = new GenericContainer<>("qdrant/qdrant:v1.13.6").withExposedPorts(6334);

    @Override
    protected boolean countsDistinctTexts() {
        return false; // collapsed after Qdrant's top k
    }

    @Override
    protected VectorStore create() {
        return new QdrantVectorStore(QDRANT.getHost(), QDRANT.getMappedPort(6334), false, null,
                "contract_" + UUID.randomUUID().toString().replace("-", ""), DIM);
    }
}
