package io.rebase.transformer.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TrainingExample;
import io.rebase.contracts.TransformSettings;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.transformer.Samples;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The service as deployed without an LLM (no API key: it starts and auto mode maps offline), on the real
 * in-process broker: each row ends as exactly one example, rejection event or dead letter, and progress
 * totals appear as TRANSFORM_PROGRESS events and on the REST endpoint.
 */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class CandidateRowConsumerTest {

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
    void everyRowEndsAsExactlyOneExampleRejectionOrDeadLetter() {
        String taskId = "consumer-" + UUID.randomUUID();
        TaskRequest task = Samples.task("sentiment", taskId);
        List<CandidateRow> rows = Samples.rows("sst2", task, 10);
        rows.forEach(r -> kafka.produce("candidate-rows", r.rowId(), Json.write(r)));
        CandidateRow subjective = Samples.row(task, "subj", 0, Map.of("text", "a small gem", "label", "subjective"), null);
        kafka.produce("candidate-rows", subjective.rowId(), Json.write(subjective));
        TaskRequest wantsLlm = new TaskRequest(taskId, task.instruction(), task.taskType(), task.labels(), task.examples(),
                null, new TransformSettings("llm", null, false), null, null);
        CandidateRow llmRow = Samples.row(wantsLlm, "rt_polarity", 7, Map.of("text", "fine", "label", "positive"), null);
        kafka.produce("candidate-rows", llmRow.rowId(), Json.write(llmRow));
        String brokenKey = "broken-" + taskId;
        kafka.produce("candidate-rows", brokenKey, "{\"rowId\": \"x\", \"taskId\": ");

        List<ConsumerRecord<String, String>> examples = kafka.await("training-examples", r -> taskId.equals(r.key()), 10, Duration.ofSeconds(60));
        Set<String> ids = examples.stream().map(r -> Json.read(r.value(), TrainingExample.class).exampleId()).collect(Collectors.toSet());
        assertThat(ids).isEqualTo(rows.stream().map(r -> TrainingExample.exampleIdOf(taskId, r.rowId())).collect(Collectors.toSet()));
        TrainingExample first = Json.read(examples.get(0).value(), TrainingExample.class);
        assertThat(first.mode()).isEqualTo("mapping");
        assertThat(first.output()).isIn("positive", "negative");

        List<ConsumerRecord<String, String>> rejected = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("ROW_REJECTED"), 1, Duration.ofSeconds(30));
        assertThat(rejected).hasSize(1);
        assertThat(read(rejected.get(0).value()).get("reason").asText()).isEqualTo("label-not-mappable");
        assertThat(read(rejected.get(0).value()).get("rowId").asText()).isEqualTo(subjective.rowId());

        List<ConsumerRecord<String, String>> deadEvents = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("ROW_DEAD_LETTERED"), 1, Duration.ofSeconds(30));
        assertThat(deadEvents).hasSize(1);
        assertThat(read(deadEvents.get(0).value()).get("rowId").asText()).isEqualTo(llmRow.rowId());

        List<ConsumerRecord<String, String>> dead = kafka.await("candidate-rows-dlq",
                r -> llmRow.rowId().equals(r.key()) || brokenKey.equals(r.key()), 2, Duration.ofSeconds(30));
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(llmRow.rowId(), brokenKey);
        for (ConsumerRecord<String, String> d : dead) {
            String reason = KafkaTestClient.header(d, "rebase-failure-reason");
            assertThat(reason).isEqualTo(d.key().equals(brokenKey) ? "malformed-record" : "llm-not-configured");
            assertThat(KafkaTestClient.header(d, "dead-letter-reason")).isNotBlank();
        }
        assertThat(dead.stream().filter(d -> d.key().equals(brokenKey)).findFirst().orElseThrow().value())
                .isEqualTo("{\"rowId\": \"x\", \"taskId\": ");

        List<ConsumerRecord<String, String>> progress = kafka.await("task-events", r -> taskId.equals(r.key())
                && r.value().contains("TRANSFORM_PROGRESS") && read(r.value()).path("details").path("rows").asLong() == 12,
                1, Duration.ofSeconds(30));
        assertThat(progress).hasSize(1);
        JsonNode details = read(progress.get(0).value()).get("details");
        assertThat(details.get("transformed").asLong()).isEqualTo(10);
        assertThat(details.get("rejectedByReason").get("label-not-mappable").asLong()).isEqualTo(1);
        assertThat(details.get("deadLettered").asLong()).isEqualTo(1);

        given().auth().oauth2(READ_TOKEN).get("/tasks/{id}/stats", taskId).then().statusCode(200)
                .body("transformed", equalTo(10)).body("rejected", equalTo(1)).body("deadLettered", equalTo(1));
        given().auth().oauth2(ADMIN_TOKEN).get("/tasks/{id}/stats", "no-such-task").then().statusCode(404);
    }

    @jakarta.inject.Inject
    io.rebase.transformer.service.CancelledTasks cancelledTasks;

    @Test
    void rowsOfACancelledTaskAreCountedAsRejectedWithoutBeingTransformed() throws InterruptedException {
        String taskId = "cancelled-" + UUID.randomUUID();
        kafka.produce("task-events", taskId, Json.write(io.rebase.contracts.TaskEvent.cancelled(taskId, "retriever-service", "cancelled by a user")));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!cancelledTasks.isCancelled(taskId) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(cancelledTasks.isCancelled(taskId)).as("CANCELLED read from task-events").isTrue();

        TaskRequest task = Samples.task("sentiment", taskId);
        List<CandidateRow> rows = Samples.rows("sst2", task, 5);
        rows.forEach(r -> kafka.produce("candidate-rows", r.rowId(), Json.write(r)));

        // each row ends as one rejection naming the cancel, and none as an example (the totals add up to the rows)
        List<ConsumerRecord<String, String>> rejected = kafka.await("task-events", r -> taskId.equals(r.key())
                && r.value().contains("ROW_REJECTED"), 5, Duration.ofSeconds(60));
        assertThat(rejected).extracting(r -> read(r.value()).get("reason").asText()).containsOnly("task-cancelled").hasSize(5);
        assertThat(rejected).extracting(r -> read(r.value()).get("rowId").asText())
                .containsExactlyInAnyOrderElementsOf(rows.stream().map(CandidateRow::rowId).toList());
        given().auth().oauth2(READ_TOKEN).get("/tasks/{id}/stats", taskId).then().statusCode(200)
                .body("rows", equalTo(5)).body("transformed", equalTo(0)).body("rejected", equalTo(5))
                .body("rejectedByReason.'task-cancelled'", equalTo(5));
    }

    /** The %test profile sets both tokens (application.properties), as the Kubernetes overlays set them. */
    static final String ADMIN_TOKEN = "test-admin-token";
    static final String READ_TOKEN = "test-read-token";

    @Test
    void healthAndMetricsAreExposedWithoutAToken() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void everyOtherRouteNeedsAToken() {
        given().get("/tasks/{id}/stats", "any").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").body("error", org.hamcrest.Matchers.containsString("bearer token"));
        given().auth().oauth2("wrong").get("/tasks/{id}/stats", "any").then().statusCode(401);
        given().get("/q/openapi").then().statusCode(401);
        given().auth().oauth2(READ_TOKEN).get("/q/openapi").then().statusCode(200);
        given().auth().oauth2(READ_TOKEN).get("/tasks/{id}/stats", "any").then().statusCode(404);
        // a mutation with the read-only token is refused before any resource is looked up
        given().auth().oauth2(READ_TOKEN).post("/tasks/{id}/stats", "any").then().statusCode(403)
                .body("error", org.hamcrest.Matchers.containsString("read-only"));
        given().auth().oauth2(ADMIN_TOKEN).post("/tasks/{id}/stats", "any").then().statusCode(405);
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
