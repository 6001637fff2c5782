package io.rebase.cli.kafka;

import io.rebase.contracts.Topics;
import io.rebase.kafka.EmbeddedKafkaBroker;
import io.rebase.kafka.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays against a real broker: a filtered replay leaves other tasks' dead letters for a later plain one. */
class DlqReplayerTest {

    @Test
    void aFilteredReplayDoesNotCommitWhatItSkips() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start();
             KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
            broker.createTopics(Map.of("rows-dlq", 1, "rows", 1));
            kafka.produce("rows-dlq", "a-1", "{\"taskId\":\"A\",\"n\":1}");
            kafka.produce("rows-dlq", "b-1", "{\"taskId\":\"B\",\"n\":1}");
            kafka.produce("rows-dlq", "a-2", "{\"taskId\":\"A\",\"n\":2}");
            kafka.produce("rows-dlq", "b-2", "{\"taskId\":\"B\",\"n\":2}");
            DlqReplayer replayer = new DlqReplayer(broker.bootstrapServers());

            assertThat(replayer.replay("rows-dlq", "rows", "replayer", "A")).isEqualTo(2);
            List<ConsumerRecord<String, String>> afterA = kafka.await("rows", r -> true, 2, Duration.ofSeconds(30));
            assertThat(afterA).extracting(ConsumerRecord::key).containsExactly("a-1", "a-2");

            // the plain run still finds B's records (and A's after the first skipped one, which consumers deduplicate)
            assertThat(replayer.replay("rows-dlq", "rows", "replayer", null)).isEqualTo(3);
            List<ConsumerRecord<String, String>> all = kafka.await("rows", r -> true, 5, Duration.ofSeconds(30));
            assertThat(all).extracting(ConsumerRecord::key).containsExactly("a-1", "a-2", "b-1", "a-2", "b-2");

            // and a third run has nothing left
            assertThat(replayer.replay("rows-dlq", "rows", "replayer", null)).isZero();
        }
    }

    @Test
    void aReplayedRecordKeepsItsTaskTraceContextButNotTheDeadLetterHeaders() {
        var dead = new ConsumerRecord<>("rows-dlq", 0, 7L, "a-1", "{\"taskId\":\"A\"}");
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        dead.headers().add(Topics.Headers.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        dead.headers().add("dead-letter-reason", "llm-unavailable".getBytes(StandardCharsets.UTF_8));

        var replay = DlqReplayer.replayOf(dead, "rows");

        assertThat(replay.topic()).isEqualTo("rows");
        assertThat(replay.key()).isEqualTo("a-1");
        assertThat(new String(replay.headers().lastHeader(Topics.Headers.TRACEPARENT).value(), StandardCharsets.US_ASCII))
                .isEqualTo(traceparent);
        assertThat(replay.headers().lastHeader("dead-letter-reason")).isNull();
    }
}
