package io.rebase.commons.messaging;

import io.rebase.contracts.TaskLimits;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka size settings of every service and of the broker's topics are the table of {@link TaskLimits}: every
 * producer may write a whole record (dead-letter producers the broker's limit, others that less the dead-letter
 * headroom), every consumer fetches a whole record.
 */
class KafkaLimitsConfigTest {

    static final String RECORD = "${rebase.kafka.max-record-bytes}";
    static final String PRODUCED = "${rebase.kafka.max-produced-record-bytes}";
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([\\w-]+)\\.connector");

    @Test
    void theSharedConfigurationStatesTheTable() throws IOException {
        Properties shared = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shared.load(in);
        }
        assertThat(Integer.parseInt(shared.getProperty("rebase.kafka.max-record-bytes"))).isEqualTo(TaskLimits.MAX_KAFKA_RECORD_BYTES);
        assertThat(Integer.parseInt(shared.getProperty("rebase.kafka.max-produced-record-bytes")))
                .isEqualTo(TaskLimits.MAX_PRODUCED_RECORD_BYTES);
        assertThat(shared.getProperty("mp.messaging.outgoing.task-events-out.max.request.size")).isEqualTo(PRODUCED);
    }

    @Test
    void everyChannelOfEveryServiceIsSizedFromTheTable() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String service : List.of("retriever-service", "transformer-service", "trainer-service")) {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(ROOT.resolve(service + "/src/main/resources/application.properties"))));
            for (String key : p.stringPropertyNames()) {
                Matcher m = CHANNEL.matcher(key);
                if (!m.matches() || !"smallrye-kafka".equals(p.getProperty(key))) {
                    continue;
                }
                String prefix = "mp.messaging." + m.group(1) + "." + m.group(2) + ".";
                if (m.group(1).equals("incoming")) {
                    expect(problems, service, p, prefix + "max.partition.fetch.bytes", RECORD);
                    if ("dead-letter-queue".equals(p.getProperty(prefix + "failure-strategy"))) {
                        expect(problems, service, p, prefix + "dead-letter-queue.max.request.size", RECORD);
                    }
                } else {
                    expect(problems, service, p, prefix + "max.request.size", m.group(2).contains("dlq") ? RECORD : PRODUCED);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theTopicsAcceptAWholeRecord() throws IOException {
        Path topics = ROOT.resolve("deploy/k8s/base/kafka/topics.yaml");
        Matcher m = Pattern.compile("max\\.message\\.bytes:\\s*\"?(\\d+)").matcher(Files.readString(topics));
        int found = 0;
        while (m.find()) {
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(TaskLimits.MAX_KAFKA_RECORD_BYTES);
            found++;
        }
        assertThat(found).isPositive();
    }

    private static void expect(List<String> problems, String service, Properties p, String key, String value) {
        if (!value.equals(p.getProperty(key))) {
            problems.add(service + ": " + key + " is " + p.getProperty(key) + ", expected " + value);
        }
    }
}
