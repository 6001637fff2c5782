package io.rebase.student.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.rebase.student.weights.FloatTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) with its moment estimates in an {@link NDManager} we own, the model's: DJL's own
 * optimisers keep them in arrays detached from every manager, which nothing frees (about two model sizes lost with
 * every trainer). Uses the engine's fused update with DJL's AdamW defaults, so the arithmetic is unchanged.
 * Moments are checkpointed beside the model ({@link #snapshot}, {@link #restore}): a trainer resumed without them
 * takes full-rate sign steps on its first updates (the bias-corrected ratio of fresh moments is +-1); in
 * OptimizerCheckpointTest that first step moves the weights 2.7 times as far as with the moments kept.
 */
final class AdamWState {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final String MEAN = ".exp_avg";
    private static final String VARIANCE = ".exp_avg_sq";
    private static final String STEP = ".step";

    private final NDManager manager;
    private final Map<String, Moments> moments = new LinkedHashMap<>();

    private static final class Moments {
        final NDArray mean;
        final NDArray variance;
        int updates;

        Moments(NDArray mean, NDArray variance, int updates) {
            this.mean = mean;
            this.variance = variance;
            this.updates = updates;
        }
    }

    /** @param manager owns the moment arrays: they are freed when it closes */
    AdamWState(NDManager manager) {
        this.manager = manager;
    }

    /** Applies one update of {@code weight} in place with {@code grad} (whose memory the engine may reuse). */
    void update(String parameterId, NDArray weight, NDArray grad, float learningRate, float weightDecay) {
        Moments m = moments.computeIfAbsent(parameterId, id -> new Moments(zeros(weight), zeros(weight), 0));
        m.updates++;
        double c1 = 1 - Math.pow(BETA1, m.updates);
        double c2 = 1 - Math.pow(BETA2, m.updates);
        float corrected = (float) (learningRate * Math.sqrt(c2) / c1);
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m.mean, m.variance), new NDList(weight),
                learningRate, corrected, weightDecay, 1f, -1f, BETA1, BETA2, EPSILON, true, true);
    }

    private NDArray zeros(NDArray like) {
        return manager.zeros(like.getShape(), DataType.FLOAT32, like.getDevice());
    }

    /**
     * The moments as tensors named after the parameters ({@code name.exp_avg}, {@code name.exp_avg_sq}, and
     * {@code name.step}, the update count, as a one-element tensor), for the parameters of {@code byName} that have
     * been updated.
     */
    List<FloatTensor> snapshot(Map<String, Parameter> byName) {
        List<FloatTensor> out = new ArrayList<>();
        byName.forEach((name, p) -> {
            Moments m = moments.get(p.getId());
            if (m != null) {
                out.add(new FloatTensor(name + MEAN, m.mean.getShape().getShape(), m.mean.toFloatArray()));
                out.add(new FloatTensor(name + VARIANCE, m.variance.getShape().getShape(), m.variance.toFloatArray()));
                out.add(new FloatTensor(name + STEP, new long[] {1}, new float[] {m.updates}));
            }
        });
        return out;
    }

    /**
     * Restores moments written by {@link #snapshot} for the parameters of {@code byName}; a parameter without them
     * (or whose shape changed) starts from zero, as on a first update.
     *
     * @return the parameters restored
     */
    int restore(Map<String, FloatTensor> tensors, Map<String, Parameter> byName) {
        int restored = 0;
        for (Map.Entry<String, Parameter> e : byName.entrySet()) {
            FloatTensor mean = tensors.get(e.getKey() + MEAN);
            FloatTensor variance = tensors.get(e.getKey() + VARIANCE);
            FloatTensor step = tensors.get(e.getKey() + STEP);
            NDArray weight = e.getValue().getArray();
            if (mean == null || variance == null || step == null
                    || !Arrays.equals(mean.shape(), weight.getShape().getShape())
                    || !Arrays.equals(variance.shape(), weight.getShape().getShape())) {
                continue;
            }
            moments.put(e.getValue().getId(), new Moments(array(mean, weight), array(variance, weight), (int) step.data()[0]));
            restored++;
        }
        return restored;
    }

    private NDArray array(FloatTensor t, NDArray like) {
        NDArray host = manager.create(t.data(), like.getShape());
        if (host.getDevice().equals(like.getDevice())) {
            return host;
        }
        NDArray onDevice = host.toDevice(like.getDevice(), false);
        host.close();
        return onDevice;
    }

    /** Parameters with moment estimates so far. */
    int size() {
        return moments.size();
    }

    /** Whether every moment array has been freed (its manager closed). */
    boolean released() {
        return moments.values().stream().allMatch(m -> m.mean.isReleased() && m.variance.isReleased());
    }
}
