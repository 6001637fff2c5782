package io.rebase.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.kafka.EmbeddedKafkaBroker;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The in-process broker stops while a task finishes and stays away for 90 s after the task's COMPLETED is due, three
 * times the publish timeout (the producer gives up on the first send): COMPLETED is stored in the outbox with the
 * state change and published once the broker is back, exactly once, with exact counts. Before the outbox the state
 * said COMPLETED and the event was lost for good.
 */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class BrokerOutageTest {

    static final Duration OUTAGE = Duration.ofSeconds(90);

    @Test
    void aTaskThatCompletesWhileTheBrokerIsAwayAnnouncesItOnceTheBrokerIsBack() throws InterruptedException {
        String taskId = "broker-outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<Fixtures.Row> rows = Fixtures.sentimentRows("rt_polarity", 16);
        EmbeddedKafkaBroker broker = EmbeddedKafkaResource.broker();
        try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
            Fixtures.requested(kafka, Fixtures.sentimentRequest(taskId, 6, null, false));
            for (Fixtures.Row r : rows) {
                kafka.produce("training-examples", taskId, r.exampleJson(taskId));
            }
            // every example stored and the spec read (REQUESTED may be read after the examples), no
            // RETRIEVED: the stream completes on the idle timeout (10 s in tests), i.e. while the broker is away
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/tasks/" + taskId).then()
                    .statusCode(200).body("counts.examples", equalTo(rows.size()))
                    .body("status", not(equalTo("WAITING_FOR_SPEC"))));
            // and their offsets committed: records read again after the outage would count as duplicates, which is
            // at-least-once delivery doing its job, not what this test is about
            await().atMost(Duration.ofSeconds(60)).until(() -> allCommitted(broker, "trainer-service", "training-examples"));
            broker.stop();
            try {
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> given().get("/tasks/" + taskId).then()
                        .body("status", equalTo("COMPLETED")));
                // the task is COMPLETED and its event due: the broker stays away for 90 s more, three times the
                // publish timeout, so the producer gives up on the first send (the event was lost for good before)
                Thread.sleep(OUTAGE.toMillis());
            } finally {
                broker.start();
            }
            List<ConsumerRecord<String, String>> completed = kafka.await("task-events",
                    r -> taskId.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(120));
            assertThat(completed).hasSize(1);
            JsonNode details = Fixtures.read(completed.get(0).value()).get("details");
            assertThat(details.get("counts").get("examples").asLong()).isEqualTo(rows.size());
            assertThat(details.get("counts").get("duplicates").asLong()).isZero();
            // no second COMPLETED (nor FAILED) follows: the relay marked it published
            List<ConsumerRecord<String, String>> terminal = kafka.await("task-events", r -> taskId.equals(r.key())
                    && (r.value().contains("\"COMPLETED\"") || r.value().contains("\"FAILED\"")), 2, Duration.ofSeconds(5));
            assertThat(terminal).hasSize(1);
            given().get("/tasks/" + taskId).then().body("status", equalTo("COMPLETED"))
                    .body("counts.examples", equalTo(rows.size())).body("counts.duplicates", equalTo(0));
        }
    }

    /** Whether {@code group} has committed every record of {@code topic}. */
    private static boolean allCommitted(EmbeddedKafkaBroker broker, String group, String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) {
                    return false;
                }
            }
            return true;
        }
    }
}
