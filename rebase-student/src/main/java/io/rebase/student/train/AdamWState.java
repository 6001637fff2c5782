package io.rebase.student.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) with its moment estimates in an {@link NDManager} we own, the model's: DJL's own
 * optimisers keep them in arrays detached from every manager, which nothing frees (about two model sizes lost with
 * every trainer). Uses the engine's fused update with DJL's AdamW defaults, so the arithmetic is unchanged.
 * Moments are not checkpointed (they would double a checkpoint's size): a resumed trainer starts them at zero.
 */
final class AdamWState {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

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

    /** Parameters with moment estimates so far. */
    int size() {
        return moments.size();
    }

    /** Whether every moment array has been freed (its manager closed). */
    boolean released() {
        return moments.values().stream().allMatch(m -> m.mean.isReleased() && m.variance.isReleased());
    }
}
