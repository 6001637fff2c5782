package io.rebase.student.decoder;

/**
 * Optimiser settings of {@link LoraTrainer}.
 *
 * @param learningRate  AdamW step size
 * @param weightDecay   decoupled weight decay of the LoRA matrices
 * @param gradClipNorm  global gradient-norm clip (0: none)
 * @param microBatchTokens padded tokens per forward/backward pass: a larger batch is split into micro-batches whose
 *                      gradients accumulate before the one update (same result, activation memory bounded by this)
 */
public record LoraTrainingConfig(double learningRate, double weightDecay, double gradClipNorm, int microBatchTokens) {

    /** Default {@link #microBatchTokens}: about 1.2 GB of saved activations in the SmolLM2-135M shape. */
    public static final int DEFAULT_MICRO_BATCH_TOKENS = 512;

    public LoraTrainingConfig {
        if (learningRate <= 0) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        if (microBatchTokens <= 0) {
            throw new IllegalArgumentException("microBatchTokens must be positive, got " + microBatchTokens);
        }
    }

    /** Settings with the default micro-batch size. */
    public LoraTrainingConfig(double learningRate, double weightDecay, double gradClipNorm) {
        this(learningRate, weightDecay, gradClipNorm, DEFAULT_MICRO_BATCH_TOKENS);
    }

    /** 2e-4, no decay, clip at 1 (common LoRA fine-tuning settings). */
    public static LoraTrainingConfig defaults() {
        return new LoraTrainingConfig(2e-4, 0.0, 1.0);
    }

    /** The same settings with another micro-batch size. */
    public LoraTrainingConfig withMicroBatchTokens(int tokens) {
        return new LoraTrainingConfig(learningRate, weightDecay, gradClipNorm, tokens);
    }
}
