package io.rebase.retriever.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract against the embedded Lucene HNSW store, plus persistence across a restart. */
class LuceneVectorStoreTest extends VectorStoreContract {

    @TempDir
    Path folder;

    @Override
    protected VectorStore create() {
        return new LuceneVectorStore(folder.resolve("index"), 16, 100);
    }

    @Test
    void committedCellsSurviveAReopen() {
        List<VectorPoint> corpus = corpus();
        store.upsert(corpus);
        store.commit();
        store.close();
        store = create();
        assertThat(store.count()).isEqualTo(120);
        assertThat(store.search(corpus.get(5).vector(), 1, Set.of()).get(0).id()).isEqualTo(corpus.get(5).id());
    }
}
