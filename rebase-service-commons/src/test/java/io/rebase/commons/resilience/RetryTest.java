package io.rebase.commons.resilience;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryTest {

    private final Retry retry = new Retry(Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(40));

    @Test
    void aTransientFailureIsRetriedUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String out = retry.call("op", () -> {
            if (calls.incrementAndGet() < 4) {
                throw new SQLException("connection refused", "08001");
            }
            return "done";
        }, Outages::isConnectionError);
        assertThat(out).isEqualTo("done");
        assertThat(calls).hasValue(4);
    }

    @Test
    void anyOtherFailureGoesToTheCallerAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("op", () -> {
            calls.incrementAndGet();
            throw new SQLIntegrityConstraintViolationException("value too long", "22001");
        }, Outages::isConnectionError)).hasMessageContaining("value too long");
        assertThat(calls).hasValue(1);
    }

    @Test
    void theRetryIsBoundedByMaxWait() {
        Retry short_ = new Retry(Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofMillis(50));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> short_.call("op", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("down", new SQLException("gone", "08006"));
        }, Outages::isConnectionError)).hasMessage("down");
        assertThat(calls.get()).isBetween(2, 10);
    }

    @Test
    void aSendThatIsLateIsWaitedForNotSentAgain() {
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger sends = new AtomicInteger();
            retry.deliver("event", () -> {
                sends.incrementAndGet();
                CompletableFuture<Void> ack = new CompletableFuture<>();
                later.schedule(() -> ack.complete(null), 300, TimeUnit.MILLISECONDS);
                return ack;
            }, Outages::isBrokerOutage);
            assertThat(sends).hasValue(1);
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void aSendTheProducerGaveUpOnIsSentAgainAndARefusedOneIsNot() {
        AtomicInteger sends = new AtomicInteger();
        retry.deliver("event", () -> sends.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new TimeoutException("expired in the accumulator"))
                : CompletableFuture.completedFuture(null), Outages::isBrokerOutage);
        assertThat(sends).hasValue(3);

        AtomicInteger refused = new AtomicInteger();
        assertThatThrownBy(() -> retry.deliver("event", () -> {
            refused.incrementAndGet();
            return CompletableFuture.failedFuture(new RecordTooLargeException("too large"));
        }, Outages::isBrokerOutage)).isInstanceOf(RecordTooLargeException.class);
        assertThat(refused).hasValue(1);
    }

    @Test
    void anAcknowledgementThatNeverComesIsAnErrorAfterMaxWait() {
        Retry short_ = new Retry(Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofMillis(50));
        assertThatThrownBy(() -> short_.deliver("COMPLETED of t", CompletableFuture::new, Outages::isBrokerOutage))
                .hasMessageContaining("COMPLETED of t: not acknowledged by the broker within PT0.2S");
    }

    @Test
    void connectionErrorsAreToldFromOtherDatabaseErrors() {
        assertThat(Outages.isConnectionError(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
        assertThat(Outages.isConnectionError(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(Outages.isConnectionError(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(Outages.isBrokerOutage(new IllegalStateException(new TimeoutException("x")))).isTrue();
        assertThat(Outages.isBrokerOutage(new RecordTooLargeException("x"))).isFalse();
    }
}
