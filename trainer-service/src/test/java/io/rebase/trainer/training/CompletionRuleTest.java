package io.rebase.trainer.training;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream is complete when every retrieved row is accounted for, or after the idle timeout once it has examples. */
class CompletionRuleTest {

    private static final CompletionRule RULE = new CompletionRule(Duration.ofSeconds(120));
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static RowCounts counts(long examples, long accounted) {
        return new RowCounts(examples, 0, 0, accounted, 0);
    }

    @Test
    void completeWhenEveryRetrievedRowIsAnExampleARejectionOrADeadLetter() {
        assertThat(RULE.reason(10L, counts(7, 10), NOW, NOW)).contains("all-rows-accounted");
        assertThat(RULE.reason(10L, counts(7, 9), NOW, NOW)).isEmpty();
    }

    @Test
    void withoutTheRetrievedCountOnlyTheIdleTimeoutCompletes() {
        assertThat(RULE.reason(null, counts(5, 5), NOW.minusSeconds(119), NOW)).isEmpty();
        assertThat(RULE.reason(null, counts(5, 5), NOW.minusSeconds(120), NOW)).contains("idle-timeout");
        assertThat(RULE.reason(100L, counts(5, 5), NOW.minusSeconds(600), NOW)).contains("idle-timeout");
    }

    @Test
    void aStreamWithoutExamplesNeverTimesOut() {
        assertThat(RULE.reason(null, counts(0, 3), NOW.minusSeconds(3600), NOW)).isEmpty();
        assertThat(RULE.reason(null, counts(4, 4), null, NOW)).isEmpty();
    }
}
