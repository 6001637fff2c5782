package io.rebase.retriever.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TaskRequest;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.retriever.TestDatastore;
import io.rebase.retriever.publish.RetrievalHandler;
import io.rebase.retriever.registry.Registry;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code DELETE /tasks/{id}} on the real broker and database: a cancel publishes CANCELLED once and the task's request
 * is then not retrieved; a second cancel, and a cancel of a task that completed or failed, change nothing.
 */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class TaskCancelTest {

    static KafkaTestClient kafka;

    @Inject
    RetrievalHandler retrieval;

    @Inject
    Registry registry;

    @BeforeAll
    static void setUp() {
        kafka = new KafkaTestClient(EmbeddedKafkaResource.broker().bootstrapServers());
        TestDatastore.prepare();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @Test
    void aCancelPublishesCancelledOnceAndTheRequestIsNotRetrieved() throws Exception {
        String taskId = "cancel-" + UUID.randomUUID();
        // a request still waiting on task-requests can be cancelled: the retriever has not seen it yet
        given().delete("/tasks/{id}", taskId).then().statusCode(202)
                .body("status", equalTo("CANCELLED")).body("cancelledNow", equalTo(true));
        given().delete("/tasks/{id}", taskId).then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("cancelledNow", equalTo(false))
                .body("message", containsString("already cancelled"));

        assertThat(eventsUpToMarker(taskId)).containsExactly(TaskEventType.CANCELLED);

        // the request comes after the cancel: nothing is retrieved, stored or published; the same request under
        // another id is (so the datastore would have given rows)
        given().contentType(ContentType.JSON).body(Map.of("path", "sst2")).queryParam("wait", true).post("/datasets")
                .then().statusCode(200);
        retrieval.handle(sentiment(taskId));
        assertThat(registry.selectionJson(taskId)).isEmpty();
        String other = "not-cancelled-" + UUID.randomUUID();
        retrieval.handle(sentiment(other));
        assertThat(registry.selectionJson(other)).isPresent();
    }

    @Test
    void aCancelOfATaskThatCompletedOrFailedChangesNothing() {
        for (TaskEventType end : List.of(TaskEventType.COMPLETED, TaskEventType.FAILED)) {
            String taskId = "ended-" + end.name().toLowerCase() + "-" + UUID.randomUUID();
            kafka.produce("task-events", taskId, Json.write(TaskEvent.of(taskId, end, "trainer-service", null, "done", Map.of())));
            awaitEnd(taskId);

            given().delete("/tasks/{id}", taskId).then().statusCode(409)
                    .body("status", equalTo(end.name())).body("cancelledNow", equalTo(false))
                    .body("error", containsString("already " + end.name()));

            assertThat(eventsUpToMarker(taskId)).as(end.name()).containsExactly(end);
        }
    }

    @Test
    void anInvalidTaskIdIsRefused() {
        given().delete("/tasks/{id}", "a..b").then().statusCode(400).body("error", containsString(".."));
        given().delete("/tasks/{id}", "-x").then().statusCode(400);
    }

    /** The types of the task's events before a marker produced now (one partition per key keeps their order). */
    private static List<TaskEventType> eventsUpToMarker(String taskId) {
        String marker = "marker-" + UUID.randomUUID();
        kafka.produce("task-events", taskId, Json.write(TaskEvent.of(taskId, TaskEventType.TRANSFORM_PROGRESS, marker, null, "marker", Map.of())));
        List<TaskEventType> seen = new ArrayList<>();
        List<ConsumerRecord<String, String>> markers = kafka.await("task-events", r -> {
            if (!taskId.equals(r.key())) {
                return false;
            }
            TaskEvent e = Json.read(r.value(), TaskEvent.class);
            if (marker.equals(e.source())) {
                return true;
            }
            seen.add(e.type());
            return false;
        }, 1, Duration.ofSeconds(60));
        assertThat(markers).hasSize(1);
        return seen;
    }

    /** Waits until the retriever has read the task's end from task-events. */
    private void awaitEnd(String taskId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (registry.taskEnd(taskId).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(registry.taskEnd(taskId)).as("end of %s read from task-events", taskId).isPresent();
    }

    private static TaskRequest sentiment(String taskId) throws Exception {
        JsonNode node = Json.mapper().readTree(Files.readString(Path.of("../samples/tasks/sentiment.json")));
        ((ObjectNode) node).put("taskId", taskId);
        ((ObjectNode) node).remove("retrieval");
        return Json.mapper().convertValue(node, TaskRequest.class);
    }
}
