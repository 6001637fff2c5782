package io.rebase.trainer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.trainer.domain.TaskTraining;
import io.rebase.trainer.state.TrainingRepository;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Three tasks whose examples are all stored when their specs arrive, on two slots: they train one after another in
 * the order they arrived (no two training at once), none is parked (each always had work), and once finished their
 * meters go after the state expiry while predictions still load the served model.
 */
@Tag(QuarkusTestGroups.OWN_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@TestProfile(SchedulingOrderTest.TwoSlots.class)
class SchedulingOrderTest {

    /** Two open sessions, parking after one second of waiting, per-task state kept one second after the end. */
    public static class TwoSlots implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rebase.trainer.max-open-sessions", "2", "rebase.trainer.park-idle-after", "1s",
                    "rebase.trainer.state-expiry", "1s", "rebase.trainer.serving.max-models", "1",
                    "quarkus.datasource.jdbc.url", "jdbc:h2:mem:order;DB_CLOSE_DELAY=-1");
        }
    }

    static KafkaTestClient kafka;

    @Inject
    TrainingRepository store;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(EmbeddedKafkaResource.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void tasksWithWorkTrainOneAfterAnotherUnparkedAndTheirStateExpires() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> tasks = List.of("order-a-" + run, "order-b-" + run, "order-c-" + run);
        List<Fixtures.Row> rows = Fixtures.sentimentRows("rt_polarity", 32);
        double parkedBefore = parked();

        // every example stored first, task by task (the order the trainer first sees them in): no task ever waits on
        // upstream data
        for (String task : tasks) {
            rows.forEach(r -> kafka.produce("training-examples", task, r.exampleJson(task)));
            Fixtures.retrieved(kafka, task, rows.size());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    given().get("/tasks/" + task).then().extract().path("counts.examples") instanceof Integer n && n == rows.size());
        }
        // the specs in arrival order, the next one sent once the previous task trains: it arrives while an older
        // task with work holds the thread, and a slot is free for it
        for (String task : tasks) {
            Fixtures.requested(kafka, Fixtures.sentimentRequest(task, 200, null, false));
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(100)).until(() -> {
                TaskTraining t = store.findTraining(task);
                return t != null && t.startedAt != null;
            });
        }
        for (String task : tasks) {
            kafka.await("task-events", r -> task.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(240));
        }

        List<TaskTraining> done = new ArrayList<>(tasks.stream().map(store::findTraining).toList());
        assertThat(done).allSatisfy(t -> {
            assertThat(t.status).isEqualTo(io.rebase.trainer.domain.TaskStatus.COMPLETED);
            assertThat(t.resumedFromStep).as("%s was never parked and resumed", t.taskId).isNull();
            assertThat(t.startedAt).isNotNull();
        });
        assertThat(parked() - parkedBefore).isZero();
        done.sort(Comparator.comparing(t -> t.startedAt));
        for (int i = 1; i < done.size(); i++) {
            assertThat(done.get(i).startedAt).as("%s started after %s completed", done.get(i).taskId, done.get(i - 1).taskId)
                    .isAfterOrEqualTo(done.get(i - 1).completedAt);
        }
        tasks.forEach(t -> given().get("/tasks/" + t).then().body("counts.examples", equalTo(rows.size())));

        // a second after the end the task's meters are gone; its model still serves (loaded again: one model at most)
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                tasks.stream().noneMatch(t -> registry.find("rebase.trainer.steps").tag("task", t).counter() != null));
        for (String task : tasks) {
            given().contentType("application/json").body("{\"input\":{\"sentence\":\"a gorgeous , witty movie .\"}}")
                    .post("/tasks/" + task + "/predict").then().statusCode(200).body("label", notNullValue());
        }
    }

    private double parked() {
        var counter = registry.find("rebase.trainer.sessions.parked").counter();
        return counter == null ? 0 : counter.count();
    }
}
