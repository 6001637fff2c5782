package io.rebase.transformer.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TokenBucketTest {

    @Test
    void spendsTheBudgetAndCarriesCorrectionsAsCreditOrDebt() throws InterruptedException {
        TokenBucket tokens = new TokenBucket(600_000);
        tokens.acquire(500_000);
        // refill over the few microseconds of the test is far below the tolerance
        assertThat(tokens.available()).isCloseTo(100_000, within(1_000.0));
        tokens.adjust(300_000); // the call used 300k more tokens than reserved
        assertThat(tokens.available()).isCloseTo(-200_000, within(1_000.0));
        tokens.adjust(-250_000); // a failed call gives its reservation back
        assertThat(tokens.available()).isCloseTo(50_000, within(1_000.0));
    }

    @Test
    void aZeroBudgetMeansUnlimited() throws InterruptedException {
        TokenBucket unlimited = new TokenBucket(0);
        for (int i = 0; i < 1_000; i++) {
            unlimited.acquire(1_000_000);
        }
        assertThat(unlimited.available()).isZero();
    }
}
