package io.rebase.student.train;

/**
 * Optimisation settings of a {@link StudentTrainer}.
 *
 * @param learningRate      peak AdamW learning rate (5e-5 worked for MiniLM-L6)
 * @param weightDecay       AdamW decoupled weight decay, applied to weight matrices only
 * @param batchSize         examples (QA windows, MC questions) per optimiser step
 * @param warmupSteps       linear warm-up length in steps
 * @param plannedTotalSteps step at which the linear decay reaches {@code minLrFraction * learningRate};
 *                          {@link StudentTrainer#fit} extends it to cover its own steps
 * @param minLrFraction     floor of the decay, so incremental training beyond the plan still learns
 * @param gradClipNorm      global gradient L2 norm clip; 0 disables
 * @param replayRatio       replayed earlier examples per new example in {@link StudentTrainer#trainOn}
 * @param replayCapacity    maximum examples kept for replay (reservoir sampling)
 * @param passesPerUpdate   passes over the (new + replay) mix per {@code trainOn} call
 * @param seed              seed for shuffling, replay sampling, dropout and head initialisation
 * @param classBalance      classification / multiple choice: weight the cross-entropy by inverse label frequency,
 *                          counted over the examples received so far ({@link ClassBalance}); ReBase examples
 *                          carry the label skew of the retrieved datasets
 */
public record TrainerConfig(
        float learningRate,
        float weightDecay,
        int batchSize,
        int warmupSteps,
        int plannedTotalSteps,
        float minLrFraction,
        float gradClipNorm,
        float replayRatio,
        int replayCapacity,
        int passesPerUpdate,
        long seed,
        boolean classBalance) {

    /** The settings without the class-balance switch, which is then on (the default). */
    public TrainerConfig(float learningRate, float weightDecay, int batchSize, int warmupSteps, int plannedTotalSteps,
                         float minLrFraction, float gradClipNorm, float replayRatio, int replayCapacity,
                         int passesPerUpdate, long seed) {
        this(learningRate, weightDecay, batchSize, warmupSteps, plannedTotalSteps, minLrFraction, gradClipNorm,
                replayRatio, replayCapacity, passesPerUpdate, seed, true);
    }

    /** The calibrated defaults: AdamW 5e-5, decay 0.01, batch 16, 10% floor, clip 1.0, replay 1:1, class balance on. */
    public static TrainerConfig defaults() {
        return new TrainerConfig(5e-5f, 0.01f, 16, 20, 1000, 0.1f, 1.0f, 1.0f, 5000, 1, 42, true);
    }

    /** A copy with another learning rate. */
    public TrainerConfig withLearningRate(float lr) {
        return new TrainerConfig(lr, weightDecay, batchSize, warmupSteps, plannedTotalSteps, minLrFraction,
                gradClipNorm, replayRatio, replayCapacity, passesPerUpdate, seed, classBalance);
    }

    /** A copy with another batch size. */
    public TrainerConfig withBatchSize(int size) {
        return new TrainerConfig(learningRate, weightDecay, size, warmupSteps, plannedTotalSteps, minLrFraction,
                gradClipNorm, replayRatio, replayCapacity, passesPerUpdate, seed, classBalance);
    }

    /** A copy with another warm-up and planned total. */
    public TrainerConfig withSchedule(int warmup, int plannedTotal) {
        return new TrainerConfig(learningRate, weightDecay, batchSize, warmup, plannedTotal, minLrFraction,
                gradClipNorm, replayRatio, replayCapacity, passesPerUpdate, seed, classBalance);
    }

    /** A copy with another replay ratio. */
    public TrainerConfig withReplayRatio(float ratio) {
        return new TrainerConfig(learningRate, weightDecay, batchSize, warmupSteps, plannedTotalSteps, minLrFraction,
                gradClipNorm, ratio, replayCapacity, passesPerUpdate, seed, classBalance);
    }

    /** A copy with another seed. */
    public TrainerConfig withSeed(long newSeed) {
        return new TrainerConfig(learningRate, weightDecay, batchSize, warmupSteps, plannedTotalSteps, minLrFraction,
                gradClipNorm, replayRatio, replayCapacity, passesPerUpdate, newSeed, classBalance);
    }

    /** A copy with class balancing switched on or off. */
    public TrainerConfig withClassBalance(boolean on) {
        return new TrainerConfig(learningRate, weightDecay, batchSize, warmupSteps, plannedTotalSteps, minLrFraction,
                gradClipNorm, replayRatio, replayCapacity, passesPerUpdate, seed, on);
    }
}
