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

    /**
     * Dot product (the cosine of two unit vectors). Four running sums: one sum chains every multiply-add on the
     * previous one, and scoring a task's candidates is mostly this loop (tens of thousands of rows, 30-50 products each).
     */
    static float dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (int end = a.length & ~3; i < end; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
