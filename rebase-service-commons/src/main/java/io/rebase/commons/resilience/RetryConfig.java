package io.rebase.commons.resilience;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long an operation that failed because the database or the broker is away is retried ({@code rebase.retry.*}):
 * long enough by default to ride out a restart or a failover of either.
 */
@ConfigMapping(prefix = "rebase.retry")
public interface RetryConfig {

    /** The longest an operation is retried in all; after that its error takes the ordinary path. */
    @WithDefault("5m")
    Duration maxWait();

    /** The wait after the first failure; it doubles after each further one. */
    @WithDefault("1s")
    Duration firstDelay();

    /** The longest single wait. */
    @WithDefault("15s")
    Duration maxDelay();
}
