package io.rebase.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.trainer.outage.ThrowAwayPostgres;
import io.rebase.trainer.outage.ThrowAwayPostgresProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/**
 * The trainer's PostgreSQL server stops for 30 s in the middle of a task, while examples and a row rejection arrive
 * and a training unit runs: nothing is dead-lettered or skipped, the training units wait instead of failing the task,
 * and the task completes with exact counts and one COMPLETED. Runs on a server of its own
 * ({@link ThrowAwayPostgres}); skipped where the PostgreSQL server binaries are not installed.
 */
@Tag(QuarkusTestGroups.OWN_APP)
@QuarkusTest
@TestProfile(ThrowAwayPostgresProfile.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@EnabledIf(value = "io.rebase.trainer.outage.ThrowAwayPostgres#available",
        disabledReason = "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin")
class DatabaseOutageTest {

    static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void aTaskCompletesWithExactCountsAcrossADatabaseOutage() throws InterruptedException {
        String taskId = "db-outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<Fixtures.Row> rows = new ArrayList<>(Fixtures.sentimentRows("rt_polarity", 16));
        rows.addAll(Fixtures.sentimentRows("customer_reviews", 16));
        List<Fixtures.Row> before = rows.subList(0, 16);
        List<Fixtures.Row> during = rows.subList(16, rows.size());
        try (KafkaTestClient kafka = new KafkaTestClient(EmbeddedKafkaResource.broker().bootstrapServers())) {
            Fixtures.requested(kafka, Fixtures.sentimentRequest(taskId, 16, null, false));
            Fixtures.retrieved(kafka, taskId, rows.size() + 1);
            for (Fixtures.Row r : before) {
                kafka.produce("training-examples", taskId, r.exampleJson(taskId));
            }
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> given().get("/tasks/" + taskId).then()
                    .statusCode(200).body("steps", greaterThan(0)));

            ThrowAwayPostgres.running().stopServer();
            try {
                for (Fixtures.Row r : during) {
                    kafka.produce("training-examples", taskId, r.exampleJson(taskId));
                }
                Fixtures.rejected(kafka, taskId, "sst2/default/900");
                Thread.sleep(OUTAGE.toMillis());
            } finally {
                ThrowAwayPostgres.running().startServer();
            }

            List<ConsumerRecord<String, String>> completed = kafka.await("task-events",
                    r -> taskId.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(240));
            assertThat(completed).hasSize(1);
            JsonNode details = Fixtures.read(completed.get(0).value()).get("details");
            assertThat(details.get("reason").asText()).isEqualTo("all-rows-accounted");
            JsonNode counts = details.get("counts");
            assertThat(counts.get("examples").asLong()).isEqualTo(rows.size());
            assertThat(counts.get("rejected").asLong()).isEqualTo(1);
            assertThat(counts.get("duplicates").asLong()).isZero();
            List<ConsumerRecord<String, String>> terminal = kafka.await("task-events", r -> taskId.equals(r.key())
                    && (r.value().contains("\"COMPLETED\"") || r.value().contains("\"FAILED\"")), 2, Duration.ofSeconds(5));
            assertThat(terminal).hasSize(1);
            assertThat(kafka.await("training-examples-dlq", r -> taskId.equals(r.key()), 1, Duration.ofSeconds(2)))
                    .as("no example is dead-lettered for an outage").isEmpty();
            given().get("/tasks/" + taskId).then().statusCode(200).body("status", equalTo("COMPLETED"))
                    .body("counts.examples", equalTo(rows.size())).body("counts.accountedRows", equalTo(rows.size() + 1));
        }
    }
}
