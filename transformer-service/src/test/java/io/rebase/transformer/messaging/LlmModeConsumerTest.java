package io.rebase.transformer.messaging;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TrainingExample;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.transformer.Samples;
import io.rebase.transformer.llm.OpenAiStubResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThan;

/**
 * The service with an LLM endpoint configured (a local OpenAI-compatible stub): auto mode uses the LLM,
 * examples carry the model's rationale, token and cost totals are counted, and a row whose LLM calls keep
 * failing is dead-lettered with the error in its headers and a ROW_DEAD_LETTERED event.
 */
@Tag(QuarkusTestGroups.OWN_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(value = OpenAiStubResource.class, restrictToAnnotatedClass = true)
class LlmModeConsumerTest {

    @jakarta.inject.Inject
    io.rebase.transformer.config.TransformerConfig config;

    @Test
    void theKeyIsInNoToStringOfTheConfiguration() {
        assertThat(config.llm().apiKey()).contains("test-key");
        assertThat(config.toString()).doesNotContain("test-key");
        assertThat(config.llm().toString()).doesNotContain("test-key");
        assertThat(io.rebase.transformer.config.TransformerBeans.llmSettings(config).toString())
                .doesNotContain("test-key").contains("apiKey=(set)");
    }

    @Test
    void llmRowsBecomeExamplesAndFailingOnesAreDeadLettered() {
        String taskId = "llm-" + UUID.randomUUID();
        TaskRequest task = Samples.task("sentiment", taskId);
        try (KafkaTestClient kafka = new KafkaTestClient(EmbeddedKafkaResource.broker().bootstrapServers())) {
            List<CandidateRow> rows = Samples.rows("rt_polarity", task, 5);
            rows.forEach(r -> kafka.produce("candidate-rows", r.rowId(), Json.write(r)));
            CandidateRow failing = Samples.row(task, "rt_polarity", 99, Map.of("text", "case-500 whatever", "label", "negative"), null);
            kafka.produce("candidate-rows", failing.rowId(), Json.write(failing));

            List<ConsumerRecord<String, String>> examples = kafka.await("training-examples", r -> taskId.equals(r.key()), 5, Duration.ofSeconds(60));
            assertThat(examples).hasSize(5);
            TrainingExample e = Json.read(examples.get(0).value(), TrainingExample.class);
            assertThat(e.mode()).isEqualTo("llm");
            assertThat(e.rationale()).isEqualTo("Upbeat words, so positive.");
            assertThat(rows.stream().map(r -> r.cells().get("text").strip().replace("\"", "'"))).contains(e.input().get("sentence"));

            List<ConsumerRecord<String, String>> dead = kafka.await("candidate-rows-dlq", r -> failing.rowId().equals(r.key()), 1, Duration.ofSeconds(60));
            assertThat(dead).hasSize(1);
            assertThat(KafkaTestClient.header(dead.get(0), "rebase-failure-reason")).isEqualTo("llm-unavailable");
            assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("http-500");
            assertThat(kafka.await("task-events", r -> taskId.equals(r.key()) && r.value().contains("ROW_DEAD_LETTERED"),
                    1, Duration.ofSeconds(30))).hasSize(1);
            assertThat(OpenAiStubResource.stub().count("case-500")).isEqualTo(2);

            given().auth().oauth2(CandidateRowConsumerTest.READ_TOKEN).get("/tasks/{id}/stats", taskId).then().statusCode(200)
                    .body("transformed", org.hamcrest.Matchers.equalTo(5))
                    .body("promptTokens", greaterThan(0)).body("costUsd", greaterThan(0f));
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).contains("rebase_llm_tokens_total{model=\"gpt-4o-mini\",type=\"prompt\"}")
                    .contains("rebase_llm_latency_seconds_count").contains("rebase_llm_cost_usd_total")
                    .contains("rebase_examples_transformed_total{mode=\"llm\"}")
                    .contains("rebase_examples_dead_lettered_total");
        }
    }
}
