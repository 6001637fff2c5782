package io.rebase.trainer.decoder;

import io.rebase.student.decoder.LoraConfig;
import io.rebase.student.decoder.LoraTrainingConfig;

/**
 * How a decoder student is trained and decodes.
 *
 * @param lora          the adapter (rank, alpha, dropout, target projections)
 * @param optimiser     the adapter's AdamW settings
 * @param answerOnly    learn the answer alone even where the example has a rationale (to measure what CoT adds)
 * @param maxNewTokens  new tokens per generation at most
 * @param maxLength     the longest training sequence, and prompt + new tokens (capped by the model's context)
 * @param seed          adapter initialisation and dropout
 */
public record DecoderOptions(LoraConfig lora, LoraTrainingConfig optimiser, boolean answerOnly, int maxNewTokens,
                             int maxLength, long seed) {

    /** Rank 8, alpha 16, dropout 0.05 on q/k/v/o; AdamW at {@code learningRate}, clip 1. */
    public static DecoderOptions defaults(double learningRate, boolean answerOnly, int maxNewTokens, int maxLength, long seed) {
        return new DecoderOptions(LoraConfig.attention(8, 16, 0.05), new LoraTrainingConfig(learningRate, 0.0, 1.0),
                answerOnly, maxNewTokens, maxLength, seed);
    }
}
