package io.rebase.retriever.retrieval;

import io.rebase.retriever.embedding.Embedder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Small vector helpers. */
public final class Vectors {

    private Vectors() {
    }

    /** Little-endian float32 bytes. */
    public static byte[] toBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    /** The unit-length mean of {@code vectors}. */
    public static float[] meanUnit(List<float[]> vectors) {
        float[] m = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int i = 0; i < m.length; i++) {
                m[i] += v[i];
            }
        }
        return Embedder.normalise(m);
    }
}
