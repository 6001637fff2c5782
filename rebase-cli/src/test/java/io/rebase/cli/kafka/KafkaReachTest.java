package io.rebase.cli.kafka;

import io.rebase.cli.CliException;
import io.rebase.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CLI against an unreachable broker: one error naming the address and what to check, no client WARN lines. */
class KafkaReachTest {

    @Test
    void anUnreachableBrokerFailsWithTheAddressAndWhatToCheckAndTheClientStaysQuiet() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> KafkaReach.require(address, Duration.ofSeconds(2)))
                    .isInstanceOf(CliException.class)
                    .hasMessageContaining("cannot reach Kafka at " + address)
                    .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS").hasMessageContaining("broker is running");
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("WARN").doesNotContain("Connection to node");
    }

    @Test
    void aRunningBrokerPasses() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
            KafkaReach.require(broker.bootstrapServers(), Duration.ofSeconds(20));
        }
    }
}
