package io.rebase.student.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.rebase.student.weights.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW over the LoRA matrices only, keyed by PEFT name, with the moments in a manager this object owns. Uses the
 * engine's fused update (which also zeroes the gradient). Moments are saved as {@code <key>.exp_avg},
 * {@code <key>.exp_avg_sq} and {@code <key>.step}.
 */
final class LoraAdamW implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final NDManager manager;
    private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
    private final Map<String, Integer> updates = new LinkedHashMap<>();

    LoraAdamW(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    void update(String key, NDArray weight, NDArray grad, float learningRate, float weightDecay) {
        NDArray[] m = moments.computeIfAbsent(key, k -> new NDArray[] {
                manager.zeros(weight.getShape()), manager.zeros(weight.getShape())});
        int t = updates.merge(key, 1, Integer::sum);
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        float corrected = (float) (learningRate * Math.sqrt(c2) / c1);
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m[0], m[1]), new NDList(weight),
                learningRate, corrected, weightDecay, 1f, -1f, BETA1, BETA2, EPSILON, true, true);
    }

    List<FloatTensor> snapshot() {
        List<FloatTensor> out = new ArrayList<>();
        moments.forEach((key, m) -> {
            out.add(new FloatTensor(key + ".exp_avg", m[0].getShape().getShape(), m[0].toFloatArray()));
            out.add(new FloatTensor(key + ".exp_avg_sq", m[1].getShape().getShape(), m[1].toFloatArray()));
            out.add(new FloatTensor(key + ".step", new long[] {1}, new float[] {updates.get(key)}));
        });
        return out;
    }

    /** Restores the moments of the keys in {@code params} found (with matching shapes) in {@code tensors}. */
    int restore(Map<String, FloatTensor> tensors, Map<String, NDArray> params) {
        int restored = 0;
        for (Map.Entry<String, NDArray> p : params.entrySet()) {
            FloatTensor mean = tensors.get(p.getKey() + ".exp_avg");
            FloatTensor variance = tensors.get(p.getKey() + ".exp_avg_sq");
            FloatTensor step = tensors.get(p.getKey() + ".step");
            long[] shape = p.getValue().getShape().getShape();
            if (mean == null || variance == null || step == null || !Arrays.equals(mean.shape(), shape)
                    || !Arrays.equals(variance.shape(), shape)) {
                continue;
            }
            moments.put(p.getKey(), new NDArray[] {manager.create(mean.data(), new Shape(shape)),
                    manager.create(variance.data(), new Shape(shape))});
            updates.put(p.getKey(), (int) step.data()[0]);
            restored++;
        }
        return restored;
    }

    /** Keys with moment estimates. */
    int size() {
        return moments.size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
