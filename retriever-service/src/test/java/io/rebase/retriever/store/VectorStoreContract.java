package io.rebase.retriever.store;

import io.rebase.retriever.embedding.Embedder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract every {@link VectorStore} honours; one subclass per implementation. */
public abstract class VectorStoreContract {

    protected static final int DIM = 32;
    protected VectorStore store;

    /**
     * Whether the store collapses copies of a text inside the search, so that k counts distinct texts (Lucene, brute
     * force); a store that collapses its top k afterwards returns fewer hits.
     */
    protected boolean countsDistinctTexts() {
        return true;
    }

    /** A fresh, empty store. */
    protected abstract VectorStore create() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = create();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static float[] vector(long seed) {
        Random r = new Random(seed);
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Embedder.normalise(v);
    }

    protected static VectorPoint point(String dataset, long row, String column, float[] v) {
        return new VectorPoint(VectorPoint.idOf(dataset, "default", row, column), dataset + "/default/" + row, dataset,
                "default", row, column, column.equals("answer") ? "context" : null, v);
    }

    /** 3 datasets x 20 rows x 2 columns, vectors seeded by position. */
    protected static List<VectorPoint> corpus() {
        List<VectorPoint> points = new ArrayList<>();
        for (String d : List.of("alpha", "beta", "gamma")) {
            for (int row = 0; row < 20; row++) {
                points.add(point(d, row, "context", vector(d.hashCode() * 1000L + row * 2)));
                points.add(point(d, row, "answer", vector(d.hashCode() * 1000L + row * 2 + 1)));
            }
        }
        return points;
    }

    @Test
    void findsTheNearestCellFirstWithItsCosine() {
        List<VectorPoint> corpus = corpus();
        store.upsert(corpus);
        store.commit();
        VectorPoint target = corpus.get(17);
        List<SearchHit> hits = store.search(target.vector(), 5, Set.of());
        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).id()).isEqualTo(target.id());
        assertThat(hits.get(0).rowId()).isEqualTo(target.rowId());
        assertThat(hits.get(0).dataset()).isEqualTo(target.dataset());
        assertThat(hits.get(0).score()).isCloseTo(1.0f, org.assertj.core.data.Offset.offset(1e-3f));
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
        }
    }

    @Test
    void exactSearchReturnsTheTrueTopK() {
        List<VectorPoint> corpus = corpus();
        store.upsert(corpus);
        store.commit();
        float[] q = vector(99);
        List<SearchHit> exact = store.exactSearch(q, 10, Set.of());
        List<String> expected = corpus.stream()
                .sorted((a, b) -> Float.compare(Embedder.dot(b.vector(), q), Embedder.dot(a.vector(), q)))
                .limit(10).map(VectorPoint::id).toList();
        assertThat(exact).extracting(SearchHit::id).containsExactlyElementsOf(expected);
        // On 120 points the approximate search finds the same.
        assertThat(store.search(q, 10, Set.of())).extracting(SearchHit::id).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void upsertingTheSameIdsAgainReplacesInsteadOfDuplicating() {
        store.upsert(corpus());
        store.commit();
        store.upsert(corpus());
        store.commit();
        assertThat(store.count()).isEqualTo(120);
        VectorPoint moved = point("alpha", 3, "context", vector(12345));
        store.upsert(List.of(moved));
        store.commit();
        assertThat(store.count()).isEqualTo(120);
        assertThat(store.search(moved.vector(), 1, Set.of()).get(0).id()).isEqualTo(moved.id());
    }

    @Test
    void excludedDatasetsNeverComeBack() {
        store.upsert(corpus());
        store.commit();
        List<SearchHit> hits = store.search(vector("beta".hashCode() * 1000L), 50, Set.of("beta"));
        assertThat(hits).hasSize(50).allSatisfy(h -> assertThat(h.dataset()).isNotEqualTo("beta"));
        assertThat(store.exactSearch(vector(7), 200, Set.of("alpha", "gamma")))
                .hasSize(40).allSatisfy(h -> assertThat(h.dataset()).isEqualTo("beta"));
    }

    @Test
    void searchWithinOneDatasetReturnsOnlyItsCells() {
        store.upsert(corpus());
        store.commit();
        List<SearchHit> hits = store.searchWithin(vector(5), 10, "gamma");
        assertThat(hits).hasSize(10).allSatisfy(h -> assertThat(h.dataset()).isEqualTo("gamma"));
        assertThat(store.searchWithin(vector(5), 100, "gamma")).hasSize(40);
    }

    @Test
    void returnsEveryCellOfTheRequestedRowsWithVectors() {
        List<VectorPoint> corpus = corpus();
        store.upsert(corpus);
        store.commit();
        Map<String, List<VectorPoint>> rows = store.pointsOfRows(List.of("alpha/default/4", "gamma/default/19", "nope/default/1"));
        assertThat(rows).containsOnlyKeys("alpha/default/4", "gamma/default/19");
        List<VectorPoint> alpha = rows.get("alpha/default/4");
        assertThat(alpha).extracting(VectorPoint::column).containsExactly("answer", "context");
        VectorPoint answer = alpha.get(0);
        VectorPoint original = corpus.stream().filter(p -> p.id().equals(answer.id())).findFirst().orElseThrow();
        assertThat(answer.rowIndex()).isEqualTo(4);
        assertThat(answer.config()).isEqualTo("default");
        assertThat(answer.spanOf()).isEqualTo("context");
        assertThat(alpha.get(1).spanOf()).isNull();
        assertThat(Embedder.dot(answer.vector(), original.vector())).isGreaterThan(0.999f);
    }

    @Test
    void deletingAConfigRemovesOnlyItsCells() {
        store.upsert(corpus());
        store.commit();
        store.deleteConfig("beta", "default");
        store.commit();
        assertThat(store.count()).isEqualTo(80);
        assertThat(store.pointsOfRows(List.of("beta/default/0"))).isEmpty();
        assertThat(store.exactSearch(vector(1), 200, Set.of())).noneMatch(h -> h.dataset().equals("beta"));
    }

    /** 30 rows (every even row of the corpus) holding the same "label" text: equal vectors, equal hash. */
    private static final String LABEL = VectorPoint.textHashOf("entailment");

    private List<String> storeCorpusWithTiedLabels() {
        List<VectorPoint> points = new ArrayList<>(corpus());
        List<String> tiedRows = new ArrayList<>();
        float[] label = vector(4242);
        for (String d : List.of("alpha", "beta", "gamma")) {
            for (int row = 0; row < 20; row += 2) {
                points.add(new VectorPoint(VectorPoint.idOf(d, "default", row, "label"), d + "/default/" + row, d, "default",
                        row, "label", null, label, LABEL));
                tiedRows.add(d + "/default/" + row);
            }
        }
        store.upsert(points);
        store.commit();
        tiedRows.sort(TieOrder.ROWS);
        return tiedRows;
    }

    @Test
    void identicalCellTextsAreFoundByHashAndExpandedToTheSameRowsInTieOrder() {
        List<String> tiedRows = storeCorpusWithTiedLabels();
        float[] label = vector(4242);
        // One copy per text and dataset comes back (which one is arbitrary; each carries the text hash): the 30
        // copies of the label take 3 of the k places, one per dataset, the rest are the next distinct texts.
        for (List<SearchHit> hits : List.of(store.search(label, 8, Set.of()), store.exactSearch(label, 8, Set.of()))) {
            assertThat(hits.subList(0, Math.min(3, hits.size()))).allSatisfy(h -> assertThat(h.textHash()).isEqualTo(LABEL));
            assertThat(hits.stream().filter(h -> LABEL.equals(h.textHash())).map(SearchHit::dataset))
                    .doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(3);
            if (countsDistinctTexts()) {
                assertThat(hits).hasSize(8);
                assertThat(hits.stream().filter(h -> LABEL.equals(h.textHash())).map(SearchHit::dataset))
                        .containsExactlyInAnyOrder("alpha", "beta", "gamma");
            }
        }
        List<SearchHit> withinBeta = store.exactSearchWithin(label, 3, "beta");
        assertThat(withinBeta).allSatisfy(h -> assertThat(h.dataset()).isEqualTo("beta"));
        assertThat(withinBeta.get(0).textHash()).isEqualTo(LABEL);
        assertThat(withinBeta.stream().filter(h -> LABEL.equals(h.textHash()))).hasSize(1);
        assertThat(store.searchWithin(label, 3, "beta").stream().filter(h -> LABEL.equals(h.textHash()))).hasSize(1);
        // The expansion does not depend on which copies were found: the first rows of the fixed order, per dataset.
        Map<String, List<String>> rows = store.rowsOfTexts(List.of(LABEL, VectorPoint.textHashOf("not stored")), 7, Set.of(), null);
        assertThat(rows).containsOnlyKeys(LABEL);
        List<String> firstSevenPerDataset = new java.util.ArrayList<>();
        for (String d : List.of("alpha", "beta", "gamma")) {
            firstSevenPerDataset.addAll(tiedRows.stream().filter(r -> r.startsWith(d + "/")).limit(7).toList());
        }
        firstSevenPerDataset.sort(TieOrder.ROWS);
        assertThat(rows.get(LABEL)).hasSize(21).containsExactlyElementsOf(firstSevenPerDataset);
        assertThat(store.rowsOfTexts(List.of(LABEL), 100, Set.of(), null).get(LABEL)).containsExactlyElementsOf(tiedRows);
        assertThat(store.rowsOfTexts(List.of(LABEL), 7, Set.of("beta"), null).get(LABEL))
                .containsExactlyElementsOf(firstSevenPerDataset.stream().filter(r -> !r.startsWith("beta/")).toList());
        assertThat(store.rowsOfTexts(List.of(LABEL), 100, Set.of(), "gamma").get(LABEL))
                .containsExactlyElementsOf(tiedRows.stream().filter(r -> r.startsWith("gamma/")).toList());
        // Rows fetched back carry the hash of their cells; cells stored without one carry none.
        List<VectorPoint> alpha = store.pointsOfRows(List.of("alpha/default/4")).get("alpha/default/4");
        assertThat(alpha).extracting(VectorPoint::column).containsExactly("answer", "context", "label");
        assertThat(alpha.get(2).textHash()).isEqualTo(LABEL);
        assertThat(alpha.get(1).textHash()).isNull();
    }

    @Test
    void cellsStoredWithoutATextHashAreSearchedButNeverExpanded() {
        // What an index built before text hashes were stored looks like: it keeps working, without tie expansion.
        List<VectorPoint> corpus = corpus();
        store.upsert(corpus);
        store.commit();
        List<SearchHit> hits = store.search(corpus.get(3).vector(), 3, Set.of());
        assertThat(hits.get(0).id()).isEqualTo(corpus.get(3).id());
        assertThat(hits).allSatisfy(h -> assertThat(h.textHash()).isNull());
        assertThat(store.rowsOfTexts(List.of(VectorPoint.textHashOf("anything")), 10, Set.of(), null)).isEmpty();
    }
}
