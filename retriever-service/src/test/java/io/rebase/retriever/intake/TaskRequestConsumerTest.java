package io.rebase.retriever.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.Json;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Task requests on the real in-process broker: valid ones are REQUESTED, invalid ones FAILED and dead-lettered. */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class TaskRequestConsumerTest {

    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(EmbeddedKafkaResource.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static Stream<Arguments> invalidRequests() {
        String example = "\"examples\":[{\"input\":{\"text\":\"a\"},\"output\":\"b\"}]";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"instruction\": \"x\",", "(message)"),
                Arguments.of("missing instruction", "{\"taskType\":\"generation\"," + example + "}", "instruction"),
                Arguments.of("unknown task type", "{\"instruction\":\"x\",\"taskType\":\"poetry\"," + example + "}", "taskType"),
                Arguments.of("10 MB instruction", "{\"instruction\":\"" + "z".repeat(10 * 1024 * 1024)
                        + "\",\"taskType\":\"generation\"," + example + "}", "instruction"),
                Arguments.of("wrong field types", "{\"instruction\":[1,2],\"taskType\":\"generation\"," + example + "}", "instruction"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void invalidRequestGetsFailedEventNamingTheFieldAndADeadLetterRecord(String name, String json, String field) {
        String taskId = "bad-" + UUID.randomUUID();
        kafka.produce("task-requests", taskId, json);

        List<ConsumerRecord<String, String>> events = kafka.await("task-events", r -> taskId.equals(r.key()), 1, Duration.ofSeconds(60));
        assertThat(events).hasSize(1);
        JsonNode event = read(events.get(0).value());
        assertThat(event.get("type").asText()).isEqualTo("FAILED");
        assertThat(event.get("field").asText()).isEqualTo(field);
        assertThat(event.get("source").asText()).isEqualTo("retriever-service");

        List<ConsumerRecord<String, String>> dead = kafka.await("task-requests-dlq", r -> taskId.equals(r.key()), 1, Duration.ofSeconds(60));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(json);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains(field);
    }

    @Test
    void validRequestIsAcceptedAfterInvalidOnesAndKeepsItsTaskId() {
        String bad = "bad-" + UUID.randomUUID();
        kafka.produce("task-requests", bad, "not json at all");
        String taskId = "ok-" + UUID.randomUUID();
        kafka.produce("task-requests", taskId, """
                {"taskId":"%s","instruction":"Classify sentiment","taskType":"classification","labels":["positive","negative"],
                 "examples":[{"input":{"sentence":"great"},"output":"positive"}]}""".formatted(taskId));

        List<ConsumerRecord<String, String>> events = kafka.await("task-events", r -> taskId.equals(r.key()), 1, Duration.ofSeconds(60));
        assertThat(events).isNotEmpty();
        JsonNode requested = read(events.get(0).value());
        assertThat(requested.get("type").asText()).isEqualTo("REQUESTED");
        // the event carries the accepted spec: the trainer's one source of it
        JsonNode task = requested.path("details").path("task");
        assertThat(task.path("taskId").asText()).isEqualTo(taskId);
        assertThat(task.path("labels").toString()).isEqualTo("[\"positive\",\"negative\"]");
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
