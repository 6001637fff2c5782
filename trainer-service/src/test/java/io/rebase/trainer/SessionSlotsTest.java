package io.rebase.trainer;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * With one training slot, a second task queues until the first goes idle, which is then parked in its checkpoint;
 * both complete with exact counts, the parked one resuming where it was parked, and never two students in memory.
 * The final pass after the stream completes reports its progress.
 */
@Tag(QuarkusTestGroups.OWN_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@TestProfile(SessionSlotsTest.OneSlot.class)
class SessionSlotsTest {

    /** One open session at most; idle after one second. */
    public static class OneSlot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rebase.trainer.max-open-sessions", "1", "rebase.trainer.park-idle-after", "1s",
                    "rebase.trainer.idle-timeout", "120s", "quarkus.datasource.jdbc.url", "jdbc:h2:mem:slots;DB_CLOSE_DELAY=-1");
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
    void aQueuedTaskGetsTheSlotOfAnIdleOneWhichResumesFromItsParkingCheckpoint() {
        String first = "slot-a-" + UUID.randomUUID().toString().substring(0, 8);
        String second = "slot-b-" + UUID.randomUUID().toString().substring(0, 8);
        List<Fixtures.Row> firstRows = Fixtures.sentimentRows("rt_polarity", 32);
        List<Fixtures.Row> secondRows = Fixtures.sentimentRows("customer_reviews", 16);
        double parkedBefore = parked();

        AtomicInteger maxOpen = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            var open = registry.find("rebase.trainer.sessions.open").gauge();
            if (open != null) {
                maxOpen.accumulateAndGet((int) open.value(), Math::max);
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        try {
            // the first task trains on half its rows, then waits for the rest (a slow upstream)
            // two passes: the second runs once the stream is complete, and reports progress too
            Fixtures.requested(kafka, Fixtures.sentimentRequest(first, 200, null, false)
                    .replace("\"training\":{", "\"training\":{\"epochs\":2,"));
            firstRows.subList(0, 16).forEach(r -> kafka.produce("training-examples", first, r.exampleJson(first)));
            Fixtures.retrieved(kafka, first, firstRows.size());
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                TaskTraining t = store.findTraining(first);
                return t != null && t.steps > 0;
            });

            // the second task takes the slot once the first has been idle for park-idle-after
            Fixtures.requested(kafka, Fixtures.sentimentRequest(second, 200, null, false));
            secondRows.forEach(r -> kafka.produce("training-examples", second, r.exampleJson(second)));
            Fixtures.retrieved(kafka, second, secondRows.size());
            kafka.await("task-events", r -> second.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(180));
            TaskTraining parkedTask = store.findTraining(first);
            assertThat(parkedTask.status.terminal()).isFalse();
            int parkedAt = parkedTask.checkpointStep;
            assertThat(parkedAt).isPositive().isEqualTo(parkedTask.steps);
            assertThat(parked() - parkedBefore).isGreaterThanOrEqualTo(1);

            // the rest of the first task's rows: it resumes from the parking checkpoint and completes
            firstRows.subList(16, 32).forEach(r -> kafka.produce("training-examples", first, r.exampleJson(first)));
            kafka.await("task-events", r -> first.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(180));
            given().get("/tasks/" + first).then().statusCode(200).body("status", equalTo("COMPLETED"))
                    .body("resumedFromStep", equalTo(parkedAt)).body("counts.examples", equalTo(32))
                    .body("completionReason", equalTo("all-rows-accounted"));
            List<JsonNode> finalPass = kafka.await("task-events", r -> first.equals(r.key())
                            && r.value().contains("TRAINING_PROGRESS") && r.value().contains("\"epoch\""), 1, Duration.ofSeconds(10))
                    .stream().map(r -> Fixtures.read(r.value())).toList();
            assertThat(finalPass).isNotEmpty().allSatisfy(e -> assertThat(e.get("details").get("epoch").asInt()).isEqualTo(2));
            Response done = given().get("/tasks/" + first);
            assertThat(done.jsonPath().getList("lossCurve")).hasSize(done.jsonPath().getInt("steps"));
            assertThat(finalPass.get(finalPass.size() - 1).get("count").asInt()).isEqualTo(done.jsonPath().getInt("steps"));
            given().get("/tasks/" + second).then().statusCode(200).body("status", equalTo("COMPLETED"))
                    .body("counts.examples", equalTo(16));
        } finally {
            sampler.shutdownNow();
        }
        assertThat(maxOpen.get()).isEqualTo(1);
    }

    private double parked() {
        var counter = registry.find("rebase.trainer.sessions.parked").counter();
        return counter == null ? 0 : counter.count();
    }
}
