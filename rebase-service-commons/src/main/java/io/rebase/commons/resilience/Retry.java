package io.rebase.commons.resilience;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded retry with exponential back-off, free of any framework: an operation that fails with an error the caller
 * calls transient (the database or the broker is away) is run again after 1 s, 2 s, 4 s ... (capped), for at most
 * {@code maxWait} in all; any other error, and the last one once the time is up, goes to the caller. Operations
 * retried this way must be idempotent: every write of the services is keyed by an id (exampleId, rowId, taskId).
 */
public final class Retry {

    private static final System.Logger LOG = System.getLogger(Retry.class.getName());

    /** An operation that may throw. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws Exception;
    }

    private final Duration maxWait;
    private final Duration firstDelay;
    private final Duration maxDelay;

    public Retry(Duration maxWait, Duration firstDelay, Duration maxDelay) {
        this.maxWait = maxWait;
        this.firstDelay = firstDelay.isNegative() || firstDelay.isZero() ? Duration.ofMillis(10) : firstDelay;
        this.maxDelay = maxDelay.compareTo(this.firstDelay) < 0 ? this.firstDelay : maxDelay;
    }

    public Duration maxWait() {
        return maxWait;
    }

    /**
     * Runs {@code op} until it succeeds, fails with an error {@code isTransient} rejects, or {@code maxWait} passed.
     *
     * @param what names the operation in the log lines and in the error once the time is up
     */
    public <T> T call(String what, Attempt<T> op, Predicate<Throwable> isTransient) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long delay = firstDelay.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return op.run();
            } catch (Exception e) {
                if (!isTransient.test(e) || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) > deadline) {
                    throw asUnchecked(what, e);
                }
                LOG.log(System.Logger.Level.WARNING, "%s failed (attempt %d, the infrastructure is away: %s); retrying in %d ms"
                        .formatted(what, attempt, rootMessage(e), delay));
                sleep(delay);
                delay = Math.min(delay * 2, maxDelay.toMillis());
            }
        }
    }

    /**
     * Sends with {@code send} and waits for the broker's acknowledgement, at most {@code maxWait} in all. A send that
     * is not acknowledged yet is waited for, not repeated: the producer still holds the record and retries it itself
     * (idempotently), so a second send would publish it twice. Only a send the producer gave up on (a nack) is sent
     * again, after a back-off, when {@code isTransient} accepts its error.
     *
     * @throws IllegalStateException when the broker refused the record or did not acknowledge it in time
     */
    public void deliver(String what, Supplier<? extends CompletionStage<?>> send, Predicate<Throwable> isTransient) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        call(what, () -> {
            CompletableFuture<?> acked = send.get().toCompletableFuture();
            long left = Math.max(1, deadline - System.nanoTime());
            try {
                return acked.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new NotAcknowledged(what + ": not acknowledged by the broker within " + maxWait, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotAcknowledged("interrupted: " + what, e);
            }
        }, e -> !(e instanceof NotAcknowledged) && isTransient.test(e));
    }

    /** The broker did not acknowledge a send within the time allowed. */
    public static final class NotAcknowledged extends IllegalStateException {
        NotAcknowledged(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static RuntimeException asUnchecked(String what, Exception e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
