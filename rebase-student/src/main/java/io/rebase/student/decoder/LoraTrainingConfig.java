package io.rebase.student.decoder;

/**
 * Optimiser settings of {@link LoraTrainer}.
 *
 * @param learningRate  AdamW step size
 * @param weightDecay   decoupled weight decay of the LoRA matrices
 * @param gradClipNorm  global gradient-norm clip (0: none)
 */
public record LoraTrainingConfig(double learningRate, double weightDecay, double gradClipNorm) {

    public LoraTrainingConfig {
        if (learningRate <= 0) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
    }

    /** 2e-4, no decay, clip at 1 (common LoRA fine-tuning settings). */
    public static LoraTrainingConfig defaults() {
        return new LoraTrainingConfig(2e-4, 0.0, 1.0);
    }
}
