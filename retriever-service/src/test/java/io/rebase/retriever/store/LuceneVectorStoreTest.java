package io.rebase.retriever.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
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

    private static VectorPoint cell(String dataset, String config, long row, float[] v, String text) {
        return new VectorPoint(VectorPoint.idOf(dataset, config, row, "text"), dataset + "/" + config + "/" + row, dataset, config,
                row, "text", null, v, VectorPoint.textHashOf(text));
    }

    /** 600 copies of one label (as at cap 1,000: thousands of "entailment" cells) beside 200 distinct texts. */
    private List<VectorPoint> labelHeavyCorpus() {
        List<VectorPoint> points = new ArrayList<>();
        float[] label = vector(4242);
        for (int row = 0; row < 600; row++) {
            points.add(cell("nli", "default", row, label, "entailment"));
        }
        for (int row = 0; row < 200; row++) {
            // near the label, so they compete with its copies for the top k
            float[] v = vector(row + 1);
            for (int i = 0; i < v.length; i++) {
                v[i] = label[i] + 0.5f * v[i];
            }
            points.add(cell("other", "default", row, io.rebase.retriever.embedding.Embedder.normalise(v), "text " + row));
        }
        store.upsert(points);
        store.commit();
        return points;
    }

    @Test
    void copiesOfOneTextTakeOnePlaceInTheGraphSoTheNextTextsAreFound() {
        labelHeavyCorpus();
        float[] label = vector(4242);
        List<SearchHit> ann = store.search(label, 40, Set.of());
        List<SearchHit> exact = store.exactSearch(label, 40, Set.of());
        assertThat(ann).hasSize(40);
        assertThat(ann.get(0).textHash()).isEqualTo(VectorPoint.textHashOf("entailment"));
        assertThat(ann).extracting(SearchHit::textHash).doesNotHaveDuplicates();
        // Approximate: the boundary of the top k may differ by a text or two, not more.
        Set<String> exactTexts = new java.util.HashSet<>(exact.stream().map(SearchHit::textHash).toList());
        assertThat(ann.stream().filter(h -> exactTexts.contains(h.textHash())).count()).isGreaterThanOrEqualTo(36);
    }

    @Test
    void theTextGraphIsRebuiltFromTheCellsWhenMissing() throws Exception {
        labelHeavyCorpus();
        store.close();
        try (var files = java.nio.file.Files.walk(folder.resolve("index-texts"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        store = create();
        assertThat(store.count()).isEqualTo(800);
        List<SearchHit> hits = store.search(vector(4242), 10, Set.of());
        assertThat(hits).hasSize(10).extracting(SearchHit::textHash).doesNotHaveDuplicates();
        assertThat(hits.get(0).textHash()).isEqualTo(VectorPoint.textHashOf("entailment"));
    }

    @Test
    void aTextStaysFindableWhenTheConfigThatPutItInTheGraphIsDeleted() {
        float[] label = vector(4242);
        store.upsert(List.of(cell("nli", "a", 0, label, "entailment")));
        store.commit();
        store.upsert(List.of(cell("nli", "b", 0, label, "entailment"), cell("nli", "b", 1, vector(7), "other")));
        store.commit();
        store.deleteConfig("nli", "a");
        List<SearchHit> hits = store.search(label, 1, Set.of());
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).rowId()).isEqualTo("nli/b/0");
        store.deleteConfig("nli", "b");
        assertThat(store.search(label, 5, Set.of())).isEmpty();
    }
}
