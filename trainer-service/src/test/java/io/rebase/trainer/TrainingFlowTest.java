package io.rebase.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A sentiment task end to end on the real broker and the real MiniLM student: request, RETRIEVED count, examples,
 * rejections and dead letters in; TRAINING_PROGRESS, EVALUATED and COMPLETED out; then predictions, the model zip,
 * the example export and the reports.
 */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class TrainingFlowTest {

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
    void completesWhenEveryRetrievedRowIsAccountedForThenServes() throws IOException {
        String taskId = "flow-" + UUID.randomUUID().toString().substring(0, 8);
        List<Fixtures.Row> rows = new ArrayList<>(Fixtures.sentimentRows("rt_polarity", 20));
        rows.addAll(Fixtures.sentimentRows("customer_reviews", 14));
        Fixtures.requested(kafka, Fixtures.sentimentRequest(taskId, 12, "samples/eval/sentiment-eval.jsonl", true));
        Fixtures.retrieved(kafka, taskId, rows.size() + 3);
        // the redelivered example right after its original: same key, same partition, so it is consumed before the
        // remaining examples, i.e. before the stream can be complete (events travel on another topic)
        kafka.produce("training-examples", taskId, rows.get(0).exampleJson(taskId));
        for (Fixtures.Row r : rows) {
            kafka.produce("training-examples", taskId, r.exampleJson(taskId));
        }
        Fixtures.rejected(kafka, taskId, "sst2/default/900");
        Fixtures.rejected(kafka, taskId, "sst2/default/900");
        Fixtures.deadLettered(kafka, taskId, "sst2/default/901");
        Fixtures.rejected(kafka, taskId, "sst2/default/902");

        List<ConsumerRecord<String, String>> completed = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(240));
        assertThat(completed).hasSize(1);
        JsonNode done = Fixtures.read(completed.get(0).value());
        assertThat(done.get("source").asText()).isEqualTo("trainer-service");
        JsonNode details = done.get("details");
        assertThat(details.get("reason").asText()).isEqualTo("all-rows-accounted");
        assertThat(details.get("counts").get("examples").asLong()).isEqualTo(rows.size());
        assertThat(details.get("counts").get("rejected").asLong()).isEqualTo(2);
        assertThat(details.get("counts").get("deadLettered").asLong()).isEqualTo(1);
        assertThat(details.get("counts").get("duplicates").asLong()).isEqualTo(1);
        int steps = details.get("steps").asInt();
        assertThat(steps).isBetween(1, 12);
        assertThat(details.get("metrics").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(details.get("baselineMetrics").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(details.get("modelPath").asText()).isNotBlank();
        // the served model is chosen on the evaluation file, each candidate's score reported
        JsonNode served = details.get("served");
        assertThat(served.get("basis").asText()).isEqualTo("eval-file");
        assertThat(served.get("scores").get("few-shot").asDouble()).isEqualTo(details.get("baselineMetrics").get("accuracy").asDouble());
        assertThat(served.get("scores").get("rebase").asDouble()).isEqualTo(details.get("metrics").get("accuracy").asDouble());
        assertThat(served.get("served").asText()).isEqualTo(served.get("scores").get("rebase").asDouble()
                > served.get("scores").get("few-shot").asDouble() ? "rebase" : "few-shot");

        List<ConsumerRecord<String, String>> all = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("trainer-service"), 100, Duration.ofSeconds(5));
        List<String> types = all.stream().map(r -> Fixtures.read(r.value()).get("type").asText()).toList();
        assertThat(types).contains("TRAINING_PROGRESS", "EVALUATED", "COMPLETED");
        JsonNode progress = all.stream().map(r -> Fixtures.read(r.value()))
                .filter(e -> e.get("type").asText().equals("TRAINING_PROGRESS")).findFirst().orElseThrow();
        assertThat(progress.get("details").get("loss").asDouble()).isPositive();
        assertThat(progress.get("details").get("examplesPerSecond").asDouble()).isPositive();

        Response status = given().get("/tasks/" + taskId);
        status.then().statusCode(200).body("status", equalTo("COMPLETED")).body("steps", equalTo(steps))
                .body("counts.retrieved", equalTo(rows.size() + 3)).body("counts.accountedRows", equalTo(rows.size() + 3));
        assertThat(status.jsonPath().getList("lossCurve")).hasSize(steps);
        assertThat(status.jsonPath().getList("evalCurve")).isNotEmpty();
        given().get("/tasks").then().statusCode(200).body("taskId", org.hamcrest.Matchers.hasItem(taskId));

        // predictions: a label of the task with a probability per label
        Response p = given().contentType("application/json").body("{\"input\":{\"sentence\":\"a wonderful , moving film .\"}}")
                .post("/tasks/" + taskId + "/predict");
        p.then().statusCode(200);
        assertThat(p.jsonPath().getString("label")).isIn("positive", "negative");
        Map<String, Float> probabilities = p.jsonPath().getMap("probabilities");
        assertThat(probabilities).containsOnlyKeys("positive", "negative");
        assertThat(probabilities.values().stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        given().contentType("application/json").body("{\"input\":{\"text\":\"wrong field\"}}")
                .post("/tasks/" + taskId + "/predict").then().statusCode(400).body("field", equalTo("input.sentence"));
        given().contentType("application/json").body("{}").post("/tasks/" + taskId + "/predict").then().statusCode(400)
                .body("field", equalTo("input"));

        // the model download holds a loadable Hugging Face style checkpoint
        byte[] zip = given().get("/tasks/" + taskId + "/model").then().statusCode(200).extract().asByteArray();
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName().substring(e.getName().indexOf('/') + 1));
            }
        }
        assertThat(names).contains("config.json", "model.safetensors", "tokenizer.json", "student_task.json");

        // the export: one line per stored example, the same columns on every line
        String jsonl = given().get("/tasks/" + taskId + "/examples").then().statusCode(200).extract().asString();
        List<String> lines = jsonl.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(rows.size());
        JsonNode first = Fixtures.read(lines.get(0));
        assertThat(first.fieldNames()).toIterable().startsWith("sentence", "rationale", "output")
                .contains("source_dataset", "source_row_id");
        assertThat(lines).allSatisfy(l -> assertThat(Fixtures.read(l).size()).isEqualTo(first.size()));

        given().get("/tasks/" + taskId + "/report").then().statusCode(200)
                .body(containsString("<svg")).body(containsString("rt_polarity")).body(containsString("few-shot baseline"))
                .body(containsString("Dataset mix of the retrieved rows")).body(containsString("Label mix of the retrieved rows"))
                .body(containsString("<section id=\"confusion\"><h2>")).body(containsString("Precision and recall per label"))
                .body(containsString("<section id=\"stages\">")).body(containsString("<table class=\"examples\">"));
        given().get("/tasks/" + taskId + "/report.json").then().statusCode(200)
                .body("counts.examples", equalTo(rows.size())).body("datasetMix.customer_reviews", equalTo(14))
                .body("retrieval.datasetMix.rt_polarity", equalTo(rows.size() + 3))
                // the final evaluation item by item, kept from completion, and what the report derives from the records
                .body("finalEvaluation.count", org.hamcrest.Matchers.greaterThan(0))
                .body("finalEvaluation.items[0].predicted", org.hamcrest.Matchers.oneOf("positive", "negative"))
                .body("finalEvaluation.confusion.perLabel.label", org.hamcrest.Matchers.hasItems("positive", "negative"))
                .body("exampleSample.size()", equalTo(6))
                .body("timings.stageSeconds.transform", org.hamcrest.Matchers.notNullValue())
                .body("timings.stageSeconds.train", org.hamcrest.Matchers.notNullValue())
                .body("timings.stageSeconds.evaluate", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aDatastoreThatDoesNotFitIsWarnedAboutAndTheExamplesAloneStudentIsServed() {
        String taskId = "misfit-" + UUID.randomUUID().toString().substring(0, 8);
        Fixtures.requested(kafka, Fixtures.sentimentRequest(taskId, 6, "samples/eval/sentiment-eval.jsonl", true));
        // every retrieved row comes from a set without the task's labels, and resembles the examples far less than
        // they resemble each other
        kafka.produce("task-events", taskId, Json.write(TaskEvent.retrieved(taskId, "retriever-service", 4,
                Map.of("datasetMix", Map.of("esnli", 4), "scoreStats", Map.of("inputMedian", 0.1, "exampleSimilarity", 0.6)))));
        for (int i = 0; i < 4; i++) {
            kafka.produce("task-events", taskId, Json.write(TaskEvent.rowRejected(taskId, "transformer-service",
                    "esnli/default/" + i, "label-not-mappable", "label 'neutral' maps to no task label")));
        }

        List<ConsumerRecord<String, String>> completed = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(240));
        assertThat(completed).hasSize(1);
        JsonNode details = Fixtures.read(completed.get(0).value()).get("details");
        JsonNode served = details.get("served");
        assertThat(served.get("served").asText()).isEqualTo("few-shot");
        assertThat(served.get("rebase").asBoolean()).isFalse();
        assertThat(served.get("basis").asText()).isEqualTo("eval-file");
        assertThat(served.get("scores").has("few-shot")).isTrue();
        assertThat(served.get("scores").has("rebase")).isFalse();
        assertThat(details.get("modelPath").asText()).endsWith("few-shot");
        assertThat(details.get("warnings").toString()).isEqualTo("[\"no-usable-rows\",\"low-relevance\"]");

        List<JsonNode> warnings = kafka.await("task-events", r -> taskId.equals(r.key()) && r.value().contains("\"WARNING\""),
                2, Duration.ofSeconds(10)).stream().map(r -> Fixtures.read(r.value())).toList();
        assertThat(warnings).extracting(w -> w.get("reason").asText()).containsExactly("no-usable-rows", "low-relevance");
        assertThat(warnings.get(0).get("message").asText()).isEqualTo("None of the 4 retrieved rows (from esnli 4) became a "
                + "training example: 4 rejected (label-not-mappable 4). The model is trained on the task's 3 examples "
                + "alone; it is not a ReBase model.");
        assertThat(warnings.get(0).get("details").get("advice").toString()).contains("transform.mode=llm");
        assertThat(warnings.get(1).get("message").asText()).contains("ratio 0.17 < 0.50");

        // the served few-shot student answers, and the report says what is served and why
        given().contentType("application/json").body("{\"input\":{\"sentence\":\"a wonderful , moving film .\"}}")
                .post("/tasks/" + taskId + "/predict").then().statusCode(200);
        given().get("/tasks/" + taskId + "/report.json").then().statusCode(200)
                .body("served.served", equalTo("few-shot")).body("served.warnings[0].code", equalTo("no-usable-rows"));
        given().get("/tasks/" + taskId + "/report").then().statusCode(200)
                .body(containsString("Served model")).body(containsString("Warning (no-usable-rows)"));
    }

    @Test
    void withoutAnyLabelledDataButTheExamplesTheServedStudentIsScoredByLeaveOneOutWithItsCaveat() {
        String taskId = "loo-" + UUID.randomUUID().toString().substring(0, 8);
        // no evaluation file, and every row rejected: no held-out row either
        Fixtures.requested(kafka, Fixtures.sentimentRequest(taskId, 4, null, true));
        Fixtures.retrieved(kafka, taskId, 2);
        Fixtures.rejected(kafka, taskId, "sst5/default/1");
        Fixtures.rejected(kafka, taskId, "sst5/default/2");

        List<ConsumerRecord<String, String>> completed = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(240));
        JsonNode served = Fixtures.read(completed.get(0).value()).get("details").get("served");
        assertThat(served.get("served").asText()).isEqualTo("few-shot");
        assertThat(served.get("basis").asText()).isEqualTo("leave-one-out");
        assertThat(served.get("items").asInt()).isEqualTo(3);
        assertThat(served.get("scores").get("few-shot").asDouble()).isIn(0.0, 1 / 3.0, 2 / 3.0, 1.0);
        assertThat(served.get("weakness").asText()).contains("only 3 examples").contains("evalSetPath");
    }

    @Test
    void extractiveQaTaskTrainsEvaluatesWithSquadMetricsAndAnswersWithASpan() {
        String taskId = "qa-" + UUID.randomUUID().toString().substring(0, 8);
        Fixtures.requested(kafka, Fixtures.qaRequest(taskId, 6));
        int rows = 20;
        for (int i = 0; i < rows; i++) {
            kafka.produce("training-examples", taskId, Fixtures.qaExampleJson(taskId, 60 + i));
        }
        Fixtures.retrieved(kafka, taskId, rows);

        List<ConsumerRecord<String, String>> completed = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("\"COMPLETED\""), 1, Duration.ofSeconds(300));
        assertThat(completed).hasSize(1);
        JsonNode details = Fixtures.read(completed.get(0).value()).get("details");
        assertThat(details.get("finalMetrics").get("exact_match").asDouble()).isBetween(0.0, 1.0);
        assertThat(details.get("finalMetrics").get("f1").asDouble()).isBetween(0.0, 1.0);
        assertThat(details.get("baselineMetrics").has("f1")).isTrue();

        String context = "Thanks to everyone who came to the Austin marathon this morning! #running";
        Response p = given().contentType("application/json")
                .body(Map.of("input", Map.of("question", "where was the marathon?", "context", context)))
                .post("/tasks/" + taskId + "/predict");
        p.then().statusCode(200).body("taskType", equalTo("extractive-qa"));
        int start = p.jsonPath().getInt("answerStart");
        int end = p.jsonPath().getInt("answerEnd");
        assertThat(context.substring(start, end)).isEqualTo(p.jsonPath().getString("answer"));
        given().contentType("application/json").body(Map.of("input", Map.of("question", "where?")))
                .post("/tasks/" + taskId + "/predict").then().statusCode(400).body("field", equalTo("input.context"));
    }
}
