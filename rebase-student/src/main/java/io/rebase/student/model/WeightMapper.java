package io.rebase.student.model;

import ai.djl.nn.Parameter;
import io.rebase.student.weights.FloatTensor;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Copies named tensors into (and out of) initialised DJL parameters, matched by HF name. */
public final class WeightMapper {

    private WeightMapper() {}

    /**
     * Copies every tensor whose name matches a parameter into it.
     *
     * @throws IllegalArgumentException if a parameter has no tensor or the shapes differ
     */
    public static void load(Map<String, Parameter> parameters, Map<String, FloatTensor> tensors) {
        List<String> missing = parameters.keySet().stream().filter(k -> !tensors.containsKey(k)).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("weights missing for " + missing);
        }
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            FloatTensor t = tensors.get(e.getKey());
            long[] expected = e.getValue().getArray().getShape().getShape();
            if (!Arrays.equals(expected, t.shape())) {
                throw new IllegalArgumentException(e.getKey() + ": expected " + Arrays.toString(expected)
                        + " got " + Arrays.toString(t.shape()));
            }
            e.getValue().getArray().set(FloatBuffer.wrap(t.data()));
        }
    }

    /** Reads the current parameter values, prefixing names with {@code prefix}. */
    public static Map<String, FloatTensor> snapshot(Map<String, Parameter> parameters, String prefix) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> out.put(prefix + name,
                new FloatTensor(prefix + name, p.getArray().getShape().getShape(), p.getArray().toFloatArray())));
        return out;
    }
}
