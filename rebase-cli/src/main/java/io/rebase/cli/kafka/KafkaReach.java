package io.rebase.cli.kafka;

import io.rebase.cli.CliException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks that the Kafka broker answers before a command starts its real work, so that an unreachable broker costs a
 * few seconds and one line naming the address and what to check, instead of the client's own retries (its WARN
 * lines are kept off the terminal by {@code simplelogger.properties}).
 */
public final class KafkaReach {

    /** How long a command waits for the broker to answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private KafkaReach() {
    }

    /** Returns when {@code bootstrapServers} answers within {@code timeout}; else a {@link CliException} saying what to check. */
    public static void require(String bootstrapServers, Duration timeout) {
        Properties p = KafkaClientProperties.of(bootstrapServers);
        int ms = (int) timeout.toMillis();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).clusterId().get(ms + 1_000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while connecting to Kafka at " + bootstrapServers);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw unreachable(bootstrapServers, timeout, e);
        }
    }

    /** With the default {@link #TIMEOUT}. */
    public static void require(String bootstrapServers) {
        require(bootstrapServers, TIMEOUT);
    }

    private static CliException unreachable(String bootstrapServers, Duration timeout, Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String why = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                ? "no answer within " + timeout.toSeconds() + " s" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new CliException("cannot reach Kafka at " + bootstrapServers + " (" + why + "). Check that the broker is "
                + "running and reachable from here, and that --bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS names its "
                + "client listener (host:port, e.g. localhost:9092 for the local stack).");
    }
}
