package io.rebase.transformer.mapping;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * In-process sentence embeddings (all-MiniLM-L6-v2, ONNX, from the jar) with a small LRU cache: label names
 * and the task's example texts recur on every row of a task.
 */
public final class TextEmbedder {

    /** Long cells are cut before embedding: the model reads 256 word pieces at most anyway. */
    private static final int MAX_CHARS = 1_000;
    private static final int CACHE_SIZE = 20_000;

    private final EmbeddingModel model;
    private final Map<String, float[]> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public TextEmbedder() {
        this(new AllMiniLmL6V2EmbeddingModel());
    }

    public TextEmbedder(EmbeddingModel model) {
        this.model = model;
    }

    /** The unit-length embedding of {@code text}. */
    public float[] embed(String text) {
        String key = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        synchronized (cache) {
            float[] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Embedding e = model.embed(key).content();
        e.normalize();
        float[] vector = e.vector();
        synchronized (cache) {
            cache.put(key, vector);
        }
        return vector;
    }

    /** Cosine similarity of two texts. */
    public double similarity(String a, String b) {
        return dot(embed(a), embed(b));
    }

    /** Dot product (cosine for unit vectors). */
    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The normalised mean of unit vectors. */
    public static float[] centroid(Iterable<float[]> vectors) {
        float[] sum = null;
        for (float[] v : vectors) {
            if (sum == null) {
                sum = new float[v.length];
            }
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
            }
        }
        if (sum == null) {
            return null;
        }
        double norm = 0;
        for (float x : sum) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= (float) norm;
        }
        return sum;
    }
}
