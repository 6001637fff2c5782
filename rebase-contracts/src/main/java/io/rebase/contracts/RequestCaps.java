package io.rebase.contracts;

/**
 * Operator-set caps on the work one valid request may ask for, below the hard limits of {@link TaskLimits}: applied
 * where tasks are admitted (the retriever's REST endpoint and intake), not where an admitted task is processed, so
 * that lowering a cap never strands a task already running.
 *
 * @param maxTopRows     {@code retrieval.topRows} at most this
 * @param maxEpochs      {@code training.epochs} at most this
 * @param maxBatchTokens {@code training.batchSize} times {@code training.maxSeqLength} at most this (the memory of a
 *                       training step grows with it)
 */
public record RequestCaps(int maxTopRows, int maxEpochs, int maxBatchTokens) {

    /** The defaults of {@code rebase.limits.*}: the paper's 3,000 rows with room, and a batch of 32 x 512 tokens. */
    public static final RequestCaps DEFAULTS = new RequestCaps(20_000, 20, 16_384);

    /** Only the hard limits of {@link TaskLimits} and the validator's ranges. */
    public static final RequestCaps NONE = new RequestCaps(TaskLimits.MAX_TOP_ROWS, 50, 512 * 512);
}
