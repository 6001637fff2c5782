package io.rebase.trainer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The stream side on the real in-process broker: examples stored and deduplicated, malformed records dead-lettered
 * one by one, upstream failures stop a task, REQUESTED events without a usable spec are skipped. Specs are sent only
 * where a test needs one, so almost nothing is trained.
 */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class TrainingExampleConsumerTest {

    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(EmbeddedKafkaResource.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void examplesAreStoredOnceAndDuplicatesCounted() {
        String taskId = "store-" + UUID.randomUUID();
        List<Fixtures.Row> rows = Fixtures.sentimentRows("rt_polarity", 12);
        for (Fixtures.Row r : rows) {
            kafka.produce("training-examples", taskId, r.exampleJson(taskId));
        }
        // a redelivery of three of them
        for (Fixtures.Row r : rows.subList(0, 3)) {
            kafka.produce("training-examples", taskId, r.exampleJson(taskId));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/tasks/" + taskId).then().statusCode(200)
                .body("counts.examples", equalTo(12)).body("counts.duplicates", equalTo(3)));
        given().get("/tasks/" + taskId).then().body("status", equalTo("WAITING_FOR_SPEC"))
                .body("datasetMix.rt_polarity", equalTo(12))
                .body("exampleSample[0].scores.inputColumn", equalTo("sentence"))
                .body("exampleSample[0].scores.outputColumn", equalTo("label"));
        // without a request nothing is trained: predictions are refused with 409, unknown tasks with 404
        given().contentType("application/json").body("{\"input\":{\"sentence\":\"great\"}}")
                .post("/tasks/" + taskId + "/predict").then().statusCode(409);
        given().contentType("application/json").body("{\"input\":{\"sentence\":\"great\"}}")
                .post("/tasks/no-such-task/predict").then().statusCode(404);
        given().get("/tasks/no-such-task").then().statusCode(404);
        given().get("/tasks/" + taskId + "/model").then().statusCode(409);
    }

    @Test
    void malformedRecordsAreDeadLetteredWithAReasonAndTheRestIsStored() {
        String taskId = "dlq-" + UUID.randomUUID();
        List<Fixtures.Row> rows = Fixtures.sentimentRows("sst2", 2);
        kafka.produce("training-examples", taskId, rows.get(0).exampleJson(taskId));
        kafka.produce("training-examples", taskId, "{\"exampleId\": \"abc\", broken");
        kafka.produce("training-examples", taskId, "{\"exampleId\":\"x-" + taskId.hashCode() + "\",\"taskId\":\"" + taskId
                + "\",\"input\":{\"sentence\":\"fine\"}}");
        kafka.produce("training-examples", taskId, rows.get(1).exampleJson(taskId));

        List<ConsumerRecord<String, String>> dead = kafka.await("training-examples-dlq", r -> taskId.equals(r.key()), 2,
                Duration.ofSeconds(60));
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(r -> KafkaTestClient.header(r, "dead-letter-reason"))
                .anySatisfy(reason -> assertThat(reason).startsWith("malformed JSON"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("output: missing"));
        assertThat(dead.get(0).value()).isEqualTo("{\"exampleId\": \"abc\", broken");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/tasks/" + taskId).then().statusCode(200)
                .body("counts.examples", equalTo(2)));
    }

    @Test
    void aRequestedEventWithoutItsOwnSpecFailsATaskThatHasNoneAndIsSkippedByOneThatHas() {
        String taskId = "spec-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        TaskRequest foreign = TaskRequestParser.parse(Fixtures.sentimentRequest(other, 2, null, false));
        kafka.produce("task-events", taskId, Json.write(TaskEvent.of(taskId, TaskEventType.REQUESTED, "retriever-service",
                null, "task accepted", Map.of("task", foreign))));
        List<ConsumerRecord<String, String>> failed = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("\"FAILED\"") && r.value().contains("trainer-service"), 1,
                Duration.ofSeconds(60));
        assertThat(failed.get(0).value()).contains("the spec of task " + other);
        given().get("/tasks/" + taskId).then().statusCode(200).body("status", equalTo("FAILED"))
                .body("failureReason", containsString("the spec of task " + other));
        given().get("/tasks/" + other).then().statusCode(404);

        // a task with its spec keeps it: a later REQUESTED without one changes nothing
        String kept = "kept-" + UUID.randomUUID();
        Fixtures.requested(kafka, Fixtures.sentimentRequest(kept, 2, null, false));
        kafka.produce("task-events", kept, Json.write(TaskEvent.of(kept, TaskEventType.REQUESTED, "retriever-service",
                null, "task accepted", Map.of())));
        // same key, same partition: once RETRIEVED is counted, both REQUESTED events before it were read
        Fixtures.retrieved(kafka, kept, 7);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/tasks/" + kept).then().statusCode(200)
                .body("counts.retrieved", equalTo(7)));
        given().get("/tasks/" + kept).then().body("status", not(equalTo("FAILED"))).body("failureReason", nullValue());
    }

    @Test
    void aTaskFailedUpstreamIsStopped() {
        String taskId = "upstream-" + UUID.randomUUID();
        Fixtures.requested(kafka, Fixtures.sentimentRequest(taskId, 2, null, false));
        kafka.produce("task-events", taskId, Json.write(TaskEvent.failed(taskId, "transformer-service", null, "LLM endpoint unreachable")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/tasks/" + taskId).then().statusCode(200)
                .body("status", equalTo("FAILED")));
        assertThat(given().get("/tasks/" + taskId).then().extract().path("failureReason").toString())
                .contains("LLM endpoint unreachable");
    }

    @Test
    void anEvaluationPathOutsideTheRootFailsTheTaskNamingTheField() {
        String taskId = "traversal-" + UUID.randomUUID();
        Fixtures.requested(kafka, Fixtures.sentimentRequest(taskId, 2, "../../../../etc/passwd", false));
        List<ConsumerRecord<String, String>> failed = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("\"FAILED\"") && r.value().contains("trainer-service"), 1,
                Duration.ofSeconds(60));
        assertThat(failed).hasSize(1);
        var event = Fixtures.read(failed.get(0).value());
        assertThat(event.get("field").asText()).isEqualTo("evaluation.evalSetPath");
        assertThat(event.get("message").asText()).contains("leaves the evaluation root");
        given().get("/tasks/" + taskId).then().body("status", equalTo("FAILED"));
    }
}
