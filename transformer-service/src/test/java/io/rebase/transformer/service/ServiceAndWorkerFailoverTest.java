package io.rebase.transformer.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.transformer.Samples;
import io.rebase.transformer.llm.OpenAiStub;
import io.rebase.transformer.llm.OpenAiStubResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover with the real service in the group: the Quarkus transformer (smallrye consumer, unordered worker
 * pool, throttled commits) and a second replica (a {@link PlainKafkaWorker} running the same
 * {@link CandidateRowProcessor}) share the consumer group {@code transformer-service} on {@code candidate-rows};
 * the second replica is stopped abruptly mid-stream and the service takes over its partitions. Every row is
 * then accounted for exactly once (distinct ids; a re-processed row repeats the same id).
 *
 * <p>The replica that crashes is the plain one, because a test cannot kill the Quarkus app it runs in; what
 * this adds to {@link TwoConsumersTest} is the service's own consumer going through the rebalances (one
 * member joining, one leaving without committing) while rows are in flight.
 */
@Tag(QuarkusTestGroups.OWN_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(value = OpenAiStubResource.class, restrictToAnnotatedClass = true)
class ServiceAndWorkerFailoverTest {

    static final int ROWS = 400;

    @Test
    void theServiceTakesOverFromACrashedReplicaAndEveryRowEndsOnce() throws Exception {
        var broker = EmbeddedKafkaResource.broker();
        String taskId = "service-failover-" + UUID.randomUUID();
        TaskRequest task = Samples.task("sentiment", taskId);
        OpenAiStub stub = OpenAiStubResource.stub();
        Set<String> rowIds = new HashSet<>();
        try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers());
             ProducerOutcomePublisher publisher = new ProducerOutcomePublisher(broker.bootstrapServers())) {
            PlainKafkaWorker other = new PlainKafkaWorker("replica-plain", broker.bootstrapServers(), "transformer-service",
                    "candidate-rows", 4, TwoConsumersTest.processor(stub, publisher));
            await().atMost(Duration.ofSeconds(180)).until(() -> other.assigned() > 0);
            for (int i = 0; i < ROWS; i++) {
                CandidateRow row = Samples.row(task, "synthetic", i, Map.of("text", "case-slow review " + i, "label", "positive"), null);
                rowIds.add(row.rowId());
                kafka.produce("candidate-rows", row.rowId(), Json.write(row));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> other.processed() >= 10);
            other.crash();
            int byOther = other.processed();

            await().atMost(Duration.ofSeconds(120)).until(() -> TwoConsumersTest.outcomes(broker.bootstrapServers(), taskId).distinctRows() >= ROWS);
            TwoConsumersTest.Outcomes seen = TwoConsumersTest.outcomes(broker.bootstrapServers(), taskId);
            assertThat(seen.examples().keySet()).isEqualTo(rowIds);
            assertThat(seen.rejected()).isEmpty();
            assertThat(seen.dead()).isEmpty();
            assertThat(byOther).isGreaterThan(0).isLessThan(ROWS);
            int byService = given().auth().oauth2("test-read-token").get("/tasks/{id}/stats", taskId).then().statusCode(200).extract().path("transformed");
            assertThat(byService).isGreaterThanOrEqualTo(ROWS - byOther);
            System.out.printf("service failover: %d rows, plain replica %d before its crash, service %d; %d duplicate records%n",
                    ROWS, byOther, byService, seen.records() - ROWS);
        }
    }
}
