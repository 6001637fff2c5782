package io.rebase.retriever.ingest;

import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.store.VectorPoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest's embedding step: which texts reach the model, batch by batch. */
class EmbeddingCacheTest {

    /** Records every text it is asked to embed; a text's vector is its length on one axis (enough to tell texts apart). */
    private static final class RecordingEmbedder implements Embedder {
        final List<List<String>> calls = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            calls.add(List.copyOf(texts));
            return texts.stream().map(t -> new float[]{t.length(), 1}).toList();
        }
    }

    private static Map<String, String> batch(String... texts) {
        Map<String, String> byHash = new LinkedHashMap<>();
        for (String t : texts) {
            byHash.put(VectorPoint.textHashOf(t), t);
        }
        return byHash;
    }

    @Test
    void aBatchsTextsGoToTheModelInOneCallAndEachVectorComesBackUnderItsHash() {
        RecordingEmbedder model = new RecordingEmbedder();
        EmbeddingCache cache = new EmbeddingCache(model, 10);

        Map<String, float[]> vectors = cache.vectors(batch("positive", "a long sentence"));

        assertThat(model.calls).containsExactly(List.of("positive", "a long sentence"));
        assertThat(vectors.get(VectorPoint.textHashOf("a long sentence"))[0]).isEqualTo(15f);
        assertThat(cache.embeddedTexts()).isEqualTo(2);
    }

    @Test
    void aTextEmbeddedInAnEarlierBatchCostsNoModelCall() {
        RecordingEmbedder model = new RecordingEmbedder();
        EmbeddingCache cache = new EmbeddingCache(model, 10);
        cache.vectors(batch("positive", "negative"));

        Map<String, float[]> vectors = cache.vectors(batch("negative", "neutral"));

        assertThat(model.calls.get(1)).containsExactly("neutral");
        assertThat(vectors).containsOnlyKeys(VectorPoint.textHashOf("negative"), VectorPoint.textHashOf("neutral"));
        assertThat(cache.embeddedTexts()).isEqualTo(3);
    }

    @Test
    void theLeastRecentlyUsedTextLeavesAFullCache() {
        RecordingEmbedder model = new RecordingEmbedder();
        EmbeddingCache cache = new EmbeddingCache(model, 2);
        cache.vectors(batch("a", "b"));
        cache.vectors(batch("a"));          // a is now more recent than b
        cache.vectors(batch("c"));          // c pushes b out

        cache.vectors(batch("a", "b"));

        assertThat(model.calls).containsExactly(List.of("a", "b"), List.of("c"), List.of("b"));
    }

    @Test
    void withoutEntriesEveryBatchIsEmbeddedAndACachedBatchMakesNoCall() {
        RecordingEmbedder model = new RecordingEmbedder();
        EmbeddingCache none = new EmbeddingCache(model, 0);
        none.vectors(batch("a"));
        none.vectors(batch("a"));
        assertThat(model.calls).containsExactly(List.of("a"), List.of("a"));

        RecordingEmbedder other = new RecordingEmbedder();
        EmbeddingCache cache = new EmbeddingCache(other, 5);
        cache.vectors(batch("a"));
        cache.vectors(batch("a"));
        assertThat(other.calls).hasSize(1);
    }
}
