package io.rebase.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.Json;
import io.rebase.contracts.SourceRef;
import io.rebase.contracts.TrainingExample;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.student.decoder.TinyDecoderFolder;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A code-generation task on the real broker with a decoder student: a tiny random-weight Llama folder with a
 * byte-level tokenizer, written by the test. The task completes with EM and BLEU beside both baselines, serves
 * generations, and the report shows a sample of them. The numbers mean nothing (random weights); the path is real.
 */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class GenerationFlowTest {

    static KafkaTestClient kafka;
    static Path decoder;

    @BeforeAll
    static void connect() throws IOException {
        kafka = new KafkaTestClient(EmbeddedKafkaResource.broker().bootstrapServers());
        decoder = TinyDecoderFolder.write(Path.of("target", "tiny-decoder-" + UUID.randomUUID()).toAbsolutePath(), 5);
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void generationTaskTrainsTheDecoderWithBaselinesAndServesGenerations() throws IOException {
        String taskId = "gen-" + UUID.randomUUID().toString().substring(0, 8);
        Fixtures.requested(kafka, request(taskId, decoder, 6));
        List<String> lines = Files.readAllLines(Fixtures.SAMPLES.resolve("datastore/conala/default.jsonl")).subList(0, 16);
        for (int i = 0; i < lines.size(); i++) {
            kafka.produce("training-examples", taskId, exampleJson(taskId, i, lines.get(i)));
        }
        Fixtures.retrieved(kafka, taskId, lines.size());

        List<ConsumerRecord<String, String>> completed = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(240));
        assertThat(completed).hasSize(1);
        JsonNode details = Fixtures.read(completed.get(0).value()).get("details");
        assertThat(details.get("steps").asInt()).isBetween(1, 6);
        assertThat(details.get("finalMetrics").get("bleu").asDouble()).isBetween(0.0, 1.0);
        assertThat(details.get("finalMetrics").get("exact_match").asDouble()).isBetween(0.0, 1.0);
        JsonNode baseline = details.get("baselineMetrics");
        assertThat(baseline.get("bleu").asDouble()).isBetween(0.0, 1.0);
        assertThat(baseline.get("in_context_bleu").asDouble()).isBetween(0.0, 1.0);
        assertThat(baseline.get("in_context_exact_match").asDouble()).isBetween(0.0, 1.0);

        Response p = given().contentType("application/json")
                .body(Map.of("input", Map.of("intent", "sort a list `a` in place")))
                .post("/tasks/" + taskId + "/predict");
        p.then().statusCode(200).body("taskType", equalTo("generation"));
        assertThat(p.jsonPath().getString("text")).isNotNull();
        assertThat(p.jsonPath().getString("rationale")).isNotNull();
        given().contentType("application/json").body(Map.of("input", Map.of("question", "x")))
                .post("/tasks/" + taskId + "/predict").then().statusCode(400).body("field", equalTo("input.intent"));

        Response report = given().get("/tasks/" + taskId + "/report.json");
        report.then().statusCode(200);
        List<Map<String, Object>> generations = report.jsonPath().getList("generations");
        assertThat(generations).isNotEmpty();
        assertThat(generations.get(0)).containsKeys("input", "rationale", "answer", "gold");
        given().get("/tasks/" + taskId + "/report").then().statusCode(200).body(containsString("Generations"));
    }

    @Test
    void generationWithAnEncoderStudentFailsNamingTheField() {
        String taskId = "gen-enc-" + UUID.randomUUID().toString().substring(0, 8);
        Fixtures.requested(kafka, request(taskId, Path.of("all-minilm-l6-v2"), 2));
        kafka.produce("training-examples", taskId, exampleJson(taskId, 0,
                "{\"intent\":\"x\",\"snippet\":\"print(x)\"}"));
        List<ConsumerRecord<String, String>> failed = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("\"FAILED\""), 1, Duration.ofSeconds(60));
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).value()).contains("training.studentModel");
    }

    @Test
    void aStudentFolderOutsideTheModelsRootFailsNamingTheFieldWithoutBeingRead() {
        String taskId = "gen-out-" + UUID.randomUUID().toString().substring(0, 8);
        // the tests' models root is target/: the repository's own folder is outside it
        Fixtures.requested(kafka, request(taskId, Path.of("..").toAbsolutePath().normalize(), 2));
        kafka.produce("training-examples", taskId, exampleJson(taskId, 0, "{\"intent\":\"x\",\"snippet\":\"print(x)\"}"));
        List<ConsumerRecord<String, String>> failed = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("\"FAILED\""), 1, Duration.ofSeconds(60));
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).value()).contains("training.studentModel").contains("leaves the models root");
    }

    static String request(String taskId, Path studentModel, int maxSteps) {
        return """
                {"taskId":"%s","instruction":"Write one line of Python code that does what the intent asks.","taskType":"generation",
                 "examples":[
                   {"input":{"intent":"reverse list `x`"},"output":"x[::-1]","rationale":"slicing with step -1 reverses."},
                   {"input":{"intent":"length of string `s`"},"output":"len(s)"},
                   {"input":{"intent":"convert `n` to a string"},"output":"str(n)"}],
                 "training":{"studentModel":"%s","maxSteps":%d,"batchSize":4,"maxSeqLength":384},
                 "evaluation":{"heldOutFraction":0.25,"maxEvalExamples":8,"fewShotBaseline":true}}"""
                .formatted(taskId, studentModel.toString().replace("\\", "/"), maxSteps);
    }

    static String exampleJson(String taskId, int index, String line) {
        JsonNode n = Fixtures.read(line);
        String rowId = "conala/default/" + index;
        return Json.write(new TrainingExample(TrainingExample.exampleIdOf(taskId, rowId), taskId,
                Map.of("intent", n.get("intent").asText()), "", n.get("snippet").asText(),
                new SourceRef(rowId, "conala", "default", index), "mapping"));
    }
}
