package io.rebase.student.decoder;

import io.rebase.student.weights.FloatTensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Random weights for a {@link DecoderConfig}, scaled as the shared reference's fixtures are (embeddings N(0, 1),
 * projections N(0, 1/in), norms 1): for tests that need a model no one has to download, and for benchmarks in the
 * shape of a real model. Write one to disk with {@link MergedExport}.
 */
public final class RandomDecoder {

    private RandomDecoder() {}

    /** Every tensor the config needs, from {@code seed}. */
    public static Map<String, FloatTensor> weights(DecoderConfig config, long seed) {
        Random random = new Random(seed);
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        DecoderTensors.expectedShapes(config).forEach((name, shape) -> {
            int size = 1;
            for (long d : shape) {
                size *= (int) d;
            }
            float[] data = new float[size];
            if (name.endsWith("norm.weight")) {
                java.util.Arrays.fill(data, 1f);
            } else if (!name.endsWith(".bias")) {
                double std = shape.length == 2 && !name.equals(DecoderTensors.EMBED) ? 1.0 / Math.sqrt(shape[1]) : 1.0;
                for (int i = 0; i < size; i++) {
                    data[i] = (float) (random.nextGaussian() * std);
                }
            }
            out.put(name, new FloatTensor(name, shape, data));
        });
        return out;
    }
}
