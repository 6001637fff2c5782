package io.rebase.retriever.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QdrantCollectionNameTest {

    @Test
    void eachEmbeddingModelHasItsOwnCollection() {
        assertThat(QdrantVectorStore.collectionFor("rebase_cells", "all-minilm-l6-v2-q")).isEqualTo("rebase_cells_all-minilm-l6-v2-q");
        assertThat(QdrantVectorStore.collectionFor("rebase_cells", "openai:text-embedding-3-small/256"))
                .isEqualTo("rebase_cells_openai_text-embedding-3-small_256");
        assertThat(QdrantVectorStore.collectionFor("rebase_cells", "bge-small-en-v15"))
                .isNotEqualTo(QdrantVectorStore.collectionFor("rebase_cells", "all-minilm-l6-v2-q"));
    }
}
