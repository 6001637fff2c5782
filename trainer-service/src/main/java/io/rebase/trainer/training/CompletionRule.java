package io.rebase.trainer.training;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a task's stream is complete: every retrieved row is accounted for (an example, a rejection or a dead letter,
 * by rowId), or nothing arrived for the idle timeout once at least one example exists.
 */
public final class CompletionRule {

    /** Completion reason: the RETRIEVED count was reached. */
    public static final String ALL_ROWS_ACCOUNTED = "all-rows-accounted";
    /** Completion reason: nothing arrived for the idle timeout. */
    public static final String IDLE_TIMEOUT = "idle-timeout";

    private final Duration idleTimeout;

    public CompletionRule(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /**
     * Why the stream is complete, or empty while it is not.
     *
     * @param retrieved      the RETRIEVED count, null until that event arrived
     * @param counts         what is known about the task's rows
     * @param lastActivityAt when an example or event last arrived
     * @param now            the current time
     */
    public Optional<String> reason(Long retrieved, RowCounts counts, Instant lastActivityAt, Instant now) {
        if (retrieved != null && counts.accountedRows() >= retrieved) {
            return Optional.of(ALL_ROWS_ACCOUNTED);
        }
        if (counts.examples() > 0 && lastActivityAt != null
                && Duration.between(lastActivityAt, now).compareTo(idleTimeout) >= 0) {
            return Optional.of(IDLE_TIMEOUT);
        }
        return Optional.empty();
    }
}
