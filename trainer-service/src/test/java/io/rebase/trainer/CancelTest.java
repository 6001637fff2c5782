package io.rebase.trainer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.Json;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.trainer.domain.OutboxEvent;
import io.rebase.trainer.domain.TaskStatus;
import io.rebase.trainer.domain.TaskTraining;
import io.rebase.trainer.intake.StreamLedger;
import io.rebase.trainer.state.TrainingRepository;
import io.rebase.trainer.training.TaskSessions;
import jakarta.inject.Inject;
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
import static org.hamcrest.Matchers.equalTo;

/**
 * A CANCELLED event (what the retriever publishes on {@code DELETE /tasks/{id}}) on the real broker and database: a
 * training task stops, its session (slot and model memory) is closed, it ends CANCELLED with its examples still
 * exportable; a cancel read while a task finishes wins over its completion; a cancel of a task that already ended,
 * and a repeated cancel, change nothing.
 */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class CancelTest {

    static KafkaTestClient kafka;

    @Inject
    TrainingRepository store;

    @Inject
    TaskSessions sessions;

    @Inject
    StreamLedger ledger;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(EmbeddedKafkaResource.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aCancelledTaskStopsTrainingFreesItsSessionAndKeepsItsExamples() {
        String taskId = "cancel-" + UUID.randomUUID().toString().substring(0, 8);
        List<Fixtures.Row> rows = Fixtures.sentimentRows("rt_polarity", 16);
        Fixtures.requested(kafka, Fixtures.sentimentRequest(taskId, 200, null, false));
        rows.subList(0, 8).forEach(r -> kafka.produce("training-examples", taskId, r.exampleJson(taskId)));
        // more rows are announced than arrive: without the cancel the task would wait for them
        Fixtures.retrieved(kafka, taskId, 64);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            TaskTraining t = store.findTraining(taskId);
            return t != null && t.steps > 0;
        });
        assertThat(sessions.get(taskId)).as("open session while training").isNotNull();

        kafka.produce("task-events", taskId, Json.write(TaskEvent.cancelled(taskId, "retriever-service", "cancelled by a user")));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> store.findTraining(taskId).status == TaskStatus.CANCELLED);
        assertThat(sessions.get(taskId)).as("session closed").isNull();
        assertThat(store.activeTaskIds()).doesNotContain(taskId);

        // a repeated cancel and late examples change nothing: the task stays cancelled, its examples exportable
        kafka.produce("task-events", taskId, Json.write(TaskEvent.cancelled(taskId, "retriever-service", "again")));
        rows.subList(8, 16).forEach(r -> kafka.produce("training-examples", taskId, r.exampleJson(taskId)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/tasks/" + taskId).then()
                .statusCode(200).body("counts.examples", equalTo(16)));
        given().get("/tasks/" + taskId).then().body("status", equalTo("CANCELLED"));
        assertThat(store.activeTaskIds()).doesNotContain(taskId);
        assertThat(sessions.get(taskId)).isNull();
        String export = given().get("/tasks/" + taskId + "/examples").then().statusCode(200).extract().asString();
        assertThat(export.lines().count()).isEqualTo(16);
    }

    @Test
    void aCancelReadWhileATaskFinishesWinsOverItsCompletion() {
        // the end of TaskCompletion.finish: the final evaluation and the served-model choice ran, and a CANCELLED
        // was read meanwhile; completing now must neither mark the task COMPLETED nor store its COMPLETED event
        String cancelled = "cancel-finishing-" + UUID.randomUUID().toString().substring(0, 8);
        String control = "finishing-" + UUID.randomUUID().toString().substring(0, 8);
        store.finalising(cancelled, "all-rows-accounted");
        store.finalising(control, "all-rows-accounted");
        ledger.cancelled(cancelled);

        assertThat(store.complete(cancelled, "model", "report", null, Map.of(), List.of(completedEvent(cancelled)))).isFalse();
        assertThat(store.findTraining(cancelled).status).isNotEqualTo(TaskStatus.COMPLETED);
        assertThat(outboxRows(cancelled)).isZero();

        assertThat(store.complete(control, "model", "report", null, Map.of(), List.of(completedEvent(control)))).isTrue();
        assertThat(store.findTraining(control).status).isEqualTo(TaskStatus.COMPLETED);
        assertThat(outboxRows(control)).isEqualTo(1);
    }

    private static TaskEvent completedEvent(String taskId) {
        return TaskEvent.of(taskId, TaskEventType.COMPLETED, "trainer-service", null, "task completed", Map.of());
    }

    private static long outboxRows(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count("taskId", taskId));
    }

    @Test
    void aCancelOfAFailedTaskChangesNothing() {
        String taskId = "cancel-failed-" + UUID.randomUUID().toString().substring(0, 8);
        Fixtures.requested(kafka, Fixtures.sentimentRequest(taskId, 200, null, false));
        kafka.produce("task-events", taskId, Json.write(TaskEvent.failed(taskId, "retriever-service", null, "no candidate rows")));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            TaskTraining t = store.findTraining(taskId);
            return t != null && t.status == TaskStatus.FAILED;
        });

        kafka.produce("task-events", taskId, Json.write(TaskEvent.cancelled(taskId, "retriever-service", "too late")));
        // the stream records the cancel (read after the FAILED above): the status it ended with stays
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> store.streamState(taskId).cancelled());
        assertThat(store.findTraining(taskId).status).isEqualTo(TaskStatus.FAILED);
        given().get("/tasks/" + taskId).then().statusCode(200).body("status", equalTo("FAILED"));
    }
}
