package io.rebase.commons.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The operator's caps on what one task may ask for ({@code rebase.limits.*}); see {@link io.rebase.contracts.RequestCaps}. */
@ConfigMapping(prefix = "rebase.limits")
public interface RequestCapsConfig {

    /** {@code retrieval.topRows} at most this. */
    @WithDefault("20000")
    int maxTopRows();

    /** {@code training.epochs} at most this. */
    @WithDefault("20")
    int maxEpochs();

    /** {@code training.batchSize} x {@code training.maxSeqLength} at most this. */
    @WithDefault("16384")
    int maxBatchTokens();
}
