package io.rebase.retriever.embedding;

import java.util.List;

/** Turns texts into unit-length vectors (so that a dot product is a cosine). */
public interface Embedder {

    /** The model's name, as configured. */
    String name();

    /** Vector length. */
    int dimension();

    /** Embeds {@code texts} in order; every vector is L2-normalised. */
    List<float[]> embed(List<String> texts);

    /** Embeds one text. */
    default float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }

    /** Scales {@code v} to unit length in place (a zero vector stays zero). */
    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /** Dot product (the cosine of two unit vectors). */
    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
