package io.rebase.trainer.plan;

/**
 * The token budget of a training batch ({@code rebase.trainer.max-batch-tokens}): a batch is padded to at most the
 * task's sequence length, so {@code batchSize x sequence length} bounds its tokens and the memory of a step. A task
 * asking for more trains with the batch size that fits, never with fewer than one example a step.
 *
 * @param maxTokens padded tokens in one batch at most
 */
public record BatchBudget(int maxTokens) {

    public BatchBudget {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("rebase.trainer.max-batch-tokens: must be at least 1, not " + maxTokens);
        }
    }

    /** The batch size to train with: {@code requested}, cut to what the budget allows at {@code seqLength}. */
    public int batchSize(int requested, int seqLength) {
        int fits = Math.max(1, maxTokens / Math.max(1, seqLength));
        return Math.max(1, Math.min(requested, fits));
    }
}
