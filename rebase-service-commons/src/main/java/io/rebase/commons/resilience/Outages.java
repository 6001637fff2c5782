package io.rebase.commons.resilience;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.common.errors.RetriableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Tells an outage of the infrastructure (the database or the broker is away) from a fault of the record being
 * processed, and retries what failed for the former with {@link Retry}. A record is blamed, and dead-lettered or
 * failed, only when the database answers; while it does not, the work waits and is done again, and the record that
 * caused it is not acknowledged, so its offset is not committed.
 */
@ApplicationScoped
public class Outages {

    private final BooleanSupplier databaseProbe;
    private final Retry retry;

    @Inject
    public Outages(Instance<DataSource> dataSources, RetryConfig config) {
        this(() -> answers(dataSources), new Retry(config.maxWait(), config.firstDelay(), config.maxDelay()));
    }

    /** Outside CDI: {@code databaseProbe} says whether the database answers. */
    public Outages(BooleanSupplier databaseProbe, Retry retry) {
        this.databaseProbe = databaseProbe;
        this.retry = retry;
    }

    /** The retry policy of this service. */
    public Retry retry() {
        return retry;
    }

    /** Runs a database or broker operation, again after a back-off while the failure is an outage. */
    public <T> T retrying(String what, Retry.Attempt<T> op) {
        return retry.call(what, op, this::isOutage);
    }

    /** Like {@link #retrying(String, Retry.Attempt)}, for an operation without a result. */
    public void retryingRun(String what, Runnable op) {
        retry.call(what, () -> {
            op.run();
            return null;
        }, this::isOutage);
    }

    /** Publishes with {@code send} and waits until the broker acknowledged it, riding out a broker outage. */
    public void deliver(String what, Supplier<? extends CompletionStage<?>> send) {
        retry.deliver(what, send, Outages::isBrokerOutage);
    }

    /** Whether {@code e} comes from the database or the broker being away, rather than from the work itself. */
    public boolean isOutage(Throwable e) {
        return isConnectionError(e) || isBrokerOutage(e) || !databaseReachable();
    }

    /** Whether the service's database answers (true for a service without one). */
    public boolean databaseReachable() {
        return databaseProbe.getAsBoolean();
    }

    private static boolean answers(Instance<DataSource> dataSources) {
        if (dataSources.isUnsatisfied()) {
            return true;
        }
        try (Connection c = dataSources.get().getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** A lost or refused database connection anywhere in the cause chain (SQLState class 08, PostgreSQL 57P0x). */
    public static boolean isConnectionError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t.getClass().getName().endsWith("JDBCConnectionException")) {
                return true;
            }
        }
        return false;
    }

    /** A broker that did not answer in time or is not reachable (Kafka's retriable errors) anywhere in the chain. */
    public static boolean isBrokerOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
