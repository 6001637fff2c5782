package io.rebase.trainer.expiry;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A task's in-memory state is forgotten state-expiry after it ended, and not before. */
class TaskStateExpiryTest {

    /** A clock the test moves. */
    static final class Manual extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Manual clock = new Manual();
    private final TaskStateExpiry expiry = new TaskStateExpiry(Duration.ofMinutes(15), clock);
    private final List<String> forgotten = new ArrayList<>();

    @Test
    void forgottenOnceTheExpiryPassedAfterTheEnd() {
        expiry.onExpiry(forgotten::add);
        expiry.ended("a");
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        expiry.ended("b");
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertThat(expiry.sweep()).isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(expiry.sweep()).containsExactly("a");
        assertThat(forgotten).containsExactly("a");
        assertThat(expiry.pending()).isEqualTo(1);
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThat(expiry.sweep()).containsExactly("b");
        assertThat(forgotten).containsExactly("a", "b");
        assertThat(expiry.sweep()).isEmpty();
        assertThat(expiry.pending()).isZero();
    }

    @Test
    void everyOwnerForgetsAndASecondEndDoesNotPostponeIt() {
        List<String> other = new ArrayList<>();
        expiry.onExpiry(forgotten::add);
        expiry.onExpiry(other::add);
        expiry.ended("a");
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        expiry.ended("a");
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        expiry.sweep();
        assertThat(forgotten).containsExactly("a");
        assertThat(other).containsExactly("a");
    }

    @Test
    void aZeroExpiryForgetsAtTheNextSweep() {
        TaskStateExpiry now = new TaskStateExpiry(Duration.ZERO, clock);
        now.onExpiry(forgotten::add);
        now.ended("a");
        assertThat(now.sweep()).containsExactly("a");
    }
}
