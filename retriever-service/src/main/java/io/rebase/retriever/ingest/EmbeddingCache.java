package io.rebase.retriever.ingest;

import io.rebase.retriever.embedding.Embedder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest's embedding step: each distinct text of a batch is embedded once, and the vectors of recently embedded
 * texts are kept by text hash (least recently used out first), so a label, a split name or a passage shared by several
 * rows costs one model call across batches and configs. Used by the single ingest thread.
 */
public final class EmbeddingCache {

    private final Embedder embedder;
    private final Map<String, float[]> recent;
    private final AtomicLong embeddedTexts = new AtomicLong();
    private final AtomicLong embeddingNanos = new AtomicLong();

    /** @param entries vectors kept; 0 = repeats within a batch only */
    public EmbeddingCache(Embedder embedder, int entries) {
        this.embedder = embedder;
        int capacity = Math.max(0, entries);
        this.recent = new LinkedHashMap<>(Math.min(capacity, 65_536) + 16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The vectors of {@code textByHash} (text hash to cut text, in the batch's order) by hash: cached ones from the
     * cache, the others embedded in one model call and cached.
     */
    Map<String, float[]> vectors(Map<String, String> textByHash) {
        Map<String, float[]> out = new HashMap<>();
        List<String> unique = new ArrayList<>();
        List<String> uniqueHashes = new ArrayList<>();
        textByHash.forEach((hash, text) -> {
            float[] cached = recent.get(hash);
            if (cached != null) {
                out.put(hash, cached);
            } else {
                unique.add(text);
                uniqueHashes.add(hash);
            }
        });
        long start = System.nanoTime();
        List<float[]> vectors = unique.isEmpty() ? List.of() : embedder.embed(unique);
        embeddingNanos.addAndGet(System.nanoTime() - start);
        embeddedTexts.addAndGet(unique.size());
        for (int i = 0; i < vectors.size(); i++) {
            out.put(uniqueHashes.get(i), vectors.get(i));
            recent.put(uniqueHashes.get(i), vectors.get(i));
        }
        return out;
    }

    /** Texts sent to the model so far. */
    long embeddedTexts() {
        return embeddedTexts.get();
    }

    /** Time spent in the model so far. */
    long embeddingNanos() {
        return embeddingNanos.get();
    }
}
