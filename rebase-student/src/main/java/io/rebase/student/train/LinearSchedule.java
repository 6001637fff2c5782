package io.rebase.student.train;

/**
 * Linear warm-up to the peak rate, then linear decay to a floor at the planned total step.
 *
 * @param peak       peak learning rate
 * @param warmup     warm-up steps
 * @param total      planned total steps
 * @param floorRatio the floor as a fraction of the peak
 */
public record LinearSchedule(float peak, int warmup, int total, float floorRatio) {

    /** Learning rate for a 1-based step number. */
    public float at(int step) {
        if (warmup > 0 && step <= warmup) {
            return peak * step / warmup;
        }
        float floor = peak * floorRatio;
        if (step >= total) {
            return floor;
        }
        float remaining = (float) (total - step) / Math.max(1, total - warmup);
        return floor + (peak - floor) * remaining;
    }
}
