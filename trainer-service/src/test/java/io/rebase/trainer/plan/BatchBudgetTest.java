package io.rebase.trainer.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch holds at most max-batch-tokens padded tokens: the batch size is cut to fit, never below one. */
class BatchBudgetTest {

    @Test
    void aBatchWithinTheBudgetIsKept() {
        assertThat(new BatchBudget(16_384).batchSize(16, 128)).isEqualTo(16);
        assertThat(new BatchBudget(16_384).batchSize(32, 512)).isEqualTo(32);
    }

    @Test
    void aLargerBatchIsCutToWhatFits() {
        // the 512 x 512 request
        assertThat(new BatchBudget(16_384).batchSize(512, 512)).isEqualTo(32);
        assertThat(new BatchBudget(16_384).batchSize(512, 192)).isEqualTo(85);
    }

    @Test
    void neverBelowOneExample() {
        assertThat(new BatchBudget(100).batchSize(8, 512)).isEqualTo(1);
    }

    @Test
    void aBudgetBelowOneIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new BatchBudget(0)).hasMessageContaining("rebase.trainer.max-batch-tokens");
    }
}
