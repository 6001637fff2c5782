package io.rebase.trainer.training;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** An id whose spec never came is given up spec-timeout after its first record; one with a spec never is. */
class StreamStateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void withoutASpecOverdueOnceTheTimeoutPassed() {
        StreamState stray = new StreamState("x", null, null, null, T0, T0, null);
        assertThat(stray.specOverdue(HOUR, T0.plus(Duration.ofMinutes(59)))).isFalse();
        assertThat(stray.specOverdue(HOUR, T0.plus(HOUR))).isTrue();
    }

    @Test
    void withASpecNever() {
        StreamState task = new StreamState("x", "{}", null, null, T0, T0, null);
        assertThat(task.specOverdue(HOUR, T0.plus(Duration.ofDays(2)))).isFalse();
    }
}
