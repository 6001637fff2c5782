package io.rebase.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.student.train.StudentTrainer;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TrainingExample;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.trainer.domain.TaskTraining;
import io.rebase.trainer.plan.HeldOut;
import io.rebase.trainer.training.TrainingScheduler;
import io.rebase.trainer.state.TrainingRepository;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Completion by idle timeout, and resuming from the last checkpoint after the training side went down. */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class IdleAndResumeTest {

    static KafkaTestClient kafka;

    @Inject
    TrainingScheduler coordinator;

    @Inject
    TrainingRepository store;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(EmbeddedKafkaResource.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void examplesBeforeTheirRequestWaitThenTheTaskCompletesAfterTheIdleTimeout() {
        String taskId = "idle-" + UUID.randomUUID().toString().substring(0, 8);
        // the examples come first: they wait in the database until the task request arrives
        for (Fixtures.Row r : Fixtures.sentimentRows("sst2", 10)) {
            kafka.produce("training-examples", taskId, r.exampleJson(taskId));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/tasks/" + taskId).then()
                .body("counts.examples", equalTo(10)).body("status", equalTo("WAITING_FOR_SPEC")));
        Fixtures.requested(kafka, Fixtures.sentimentRequest(taskId, 4, null, false));
        List<ConsumerRecord<String, String>> completed = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(180));
        assertThat(completed).hasSize(1);
        JsonNode details = Fixtures.read(completed.get(0).value()).get("details");
        assertThat(details.get("reason").asText()).isEqualTo("idle-timeout");
        assertThat(details.get("counts").get("examples").asLong()).isEqualTo(10);
        given().get("/tasks/" + taskId).then().body("status", equalTo("COMPLETED"))
                .body("completionReason", equalTo("idle-timeout"));
    }

    @Test
    void resumesFromTheLastCheckpointAfterACrashWithExactCounts() {
        String taskId = "resume-" + UUID.randomUUID().toString().substring(0, 8);
        List<Fixtures.Row> rows = Fixtures.sentimentRows("rt_polarity", 64);
        Fixtures.requested(kafka, Fixtures.sentimentRequest(taskId, 60, null, false));
        for (Fixtures.Row r : rows.subList(0, 32)) {
            kafka.produce("training-examples", taskId, r.exampleJson(taskId));
        }
        // the transformer's progress events keep the stream alive (no idle completion) however slow training is here
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
        heartbeat.scheduleAtFixedRate(() -> kafka.produce("task-events", taskId, Json.write(TaskEvent.of(taskId,
                TaskEventType.TRANSFORM_PROGRESS, "transformer-service", 32L, "32 rows transformed", Map.of()))), 0, 1, TimeUnit.SECONDS);
        try {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(100)).until(() -> {
                TaskTraining t = store.findTraining(taskId);
                return t != null && t.checkpointStep > 0;
            });
        } finally {
            heartbeat.shutdownNow();
        }

        // the crash: training stops, every in-memory model is dropped unsaved
        int resumeStep;
        try {
            coordinator.stop();
            TaskTraining crashed = store.findTraining(taskId);
            assertThat(crashed.status.terminal()).isFalse();
            resumeStep = crashed.checkpointStep;
            assertThat(resumeStep).isPositive();
            // the checkpoint holds the optimiser's moments, so the resumed session goes on with its step sizes
            assertThat(java.nio.file.Path.of(crashed.checkpointPath).resolve(StudentTrainer.OPTIMIZER_FILE)).exists();

            // the stream goes on while training is down: the rest, redeliveries of five, and the RETRIEVED count
            for (Fixtures.Row r : rows.subList(32, 64)) {
                kafka.produce("training-examples", taskId, r.exampleJson(taskId));
            }
            for (Fixtures.Row r : rows.subList(0, 5)) {
                kafka.produce("training-examples", taskId, r.exampleJson(taskId));
            }
            Fixtures.retrieved(kafka, taskId, rows.size());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/tasks/" + taskId).then()
                    .body("counts.examples", equalTo(64)).body("counts.duplicates", equalTo(5)));
        } finally {
            coordinator.start();
        }

        List<ConsumerRecord<String, String>> completed = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(240));
        assertThat(completed).hasSize(1);
        long expectedTrained = rows.stream()
                .filter(r -> !HeldOut.isHeldOut(TrainingExample.exampleIdOf(taskId, r.rowId()), 0.2)).count();
        Response status = given().get("/tasks/" + taskId);
        status.then().statusCode(200).body("status", equalTo("COMPLETED"))
                .body("resumedFromStep", equalTo(resumeStep))
                .body("counts.examples", equalTo(64)).body("counts.duplicates", equalTo(5))
                .body("counts.examplesTrained", equalTo((int) expectedTrained))
                .body("completionReason", equalTo("all-rows-accounted"));
        int steps = status.jsonPath().getInt("steps");
        assertThat(steps).isGreaterThan(resumeStep);
        // the loss curve runs 1..steps once: the steps after the checkpoint were retrained, not counted twice
        List<Integer> curveSteps = status.jsonPath().getList("lossCurve.step", Integer.class);
        assertThat(new HashSet<>(curveSteps)).hasSize(curveSteps.size());
        assertThat(curveSteps).hasSize(steps);
        assertThat(status.jsonPath().getList("evalCurve")).isNotEmpty();
        // a completed task trains no more: its last checkpoint keeps the model, not the moments
        assertThat(java.nio.file.Path.of(store.findTraining(taskId).checkpointPath).resolve(StudentTrainer.OPTIMIZER_FILE)).doesNotExist();
    }
}
