package io.rebase.trainer.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed units back a task off 2 s, 4 s, ...; the third consecutive failure fails it; a success starts over; a unit
 * failed by a database or broker outage waits and never counts.
 */
class BackoffTest {

    @Test
    void backsOffExponentiallyThenGivesUpAtTheThirdFailure() {
        Backoff b = new Backoff();
        assertThat(b.mayRun("t", 0)).isTrue();
        assertThat(b.failed("t", 0)).isEqualTo(1);
        assertThat(b.mayRun("t", 1_999)).isFalse();
        assertThat(b.mayRun("t", 2_000)).isTrue();
        assertThat(b.mayRun("other", 0)).isTrue();
        assertThat(b.failed("t", 2_000)).isEqualTo(2);
        assertThat(b.mayRun("t", 5_999)).isFalse();
        assertThat(b.mayRun("t", 6_000)).isTrue();
        int third = b.failed("t", 6_000);
        assertThat(Backoff.givesUp(third)).isTrue();
        // given up: the count is cleared
        assertThat(b.mayRun("t", 6_000)).isTrue();
        assertThat(b.failed("t", 6_000)).isEqualTo(1);
    }

    @Test
    void aSuccessfulUnitClearsTheCount() {
        Backoff b = new Backoff();
        b.failed("t", 0);
        b.failed("t", 2_000);
        b.succeeded("t");
        assertThat(b.mayRun("t", 2_001)).isTrue();
        assertThat(Backoff.givesUp(b.failed("t", 2_001))).isFalse();
    }

    @Test
    void anOutageWaitsButNeverCountsTowardsGivingUp() {
        Backoff b = new Backoff();
        long now = 0;
        for (int i = 0; i < 20; i++) {
            b.outage("t", now);
            assertThat(b.mayRun("t", now + Backoff.OUTAGE_WAIT_MILLIS - 1)).isFalse();
            now += Backoff.OUTAGE_WAIT_MILLIS;
            assertThat(b.mayRun("t", now)).isTrue();
        }
        assertThat(b.failed("t", now)).as("twenty outages later, the first real failure is the first").isEqualTo(1);
    }
}
