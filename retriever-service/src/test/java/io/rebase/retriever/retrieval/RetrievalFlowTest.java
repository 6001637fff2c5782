package io.rebase.retriever.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.Json;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.retriever.TestDatastore;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A task sent to task-requests gets its candidate rows on candidate-rows, then RETRIEVED, on the real broker. */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class RetrievalFlowTest {

    static KafkaTestClient kafka;

    @jakarta.inject.Inject
    Retrieval retrieval;

    @BeforeAll
    static void setUp() {
        kafka = new KafkaTestClient(EmbeddedKafkaResource.broker().bootstrapServers());
        TestDatastore.prepare();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    static final List<String> SAMPLES = List.of("esnli", "sst2", "covid_qa", "commitmentbank", "rt_polarity");

    static void ingestSamples() {
        for (String d : SAMPLES) {
            given().contentType(ContentType.JSON).body(Map.of("path", d)).queryParam("wait", true).post("/datasets")
                    .then().statusCode(200);
        }
    }

    static String task(String file, String taskId, int topRows, String extraRetrieval) throws Exception {
        JsonNode node = Json.mapper().readTree(Files.readString(Path.of("../samples/tasks", file)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("taskId", taskId);
        com.fasterxml.jackson.databind.node.ObjectNode retrieval = Json.mapper().createObjectNode();
        retrieval.put("topRows", topRows);
        if (extraRetrieval != null) {
            retrieval.setAll((com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(extraRetrieval));
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).set("retrieval", retrieval);
        return Json.mapper().writeValueAsString(node);
    }

    /**
     * {@link #task} over the samples alone: the figures below hold for them, so the datasets that other tests of
     * this application ingested are excluded.
     */
    static String samplesTask(String file, String taskId, int topRows, String extraRetrieval) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.mapper().readTree(task(file, taskId, topRows, extraRetrieval));
        com.fasterxml.jackson.databind.node.ArrayNode excluded = node.withObjectProperty("retrieval").withArrayProperty("excludeDatasets");
        notSamples().forEach(excluded::add);
        return Json.mapper().writeValueAsString(node);
    }

    /** The registered datasets other than the samples. */
    static List<String> notSamples() {
        List<String> others = new java.util.ArrayList<>(given().get("/datasets").then().statusCode(200).extract().jsonPath()
                .getList("name", String.class));
        others.removeAll(SAMPLES);
        return others;
    }

    @Test
    void nliTaskGetsCandidateRowsThenRetrievedWithTheMix() throws Exception {
        ingestSamples();
        String taskId = "nli-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.produce("task-requests", taskId, samplesTask("mnli-nli.json", taskId, 40, null));

        List<ConsumerRecord<String, String>> events = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("RETRIEVED"), 1, Duration.ofSeconds(120));
        JsonNode retrieved = Json.mapper().readTree(events.get(0).value());
        // fewer than 40: the sentiment sets' rows (positive / negative) are not selected for an NLI task, since the
        // offline transformer could only reject them, and the remaining sets hold at most 12 rows each
        long count = retrieved.get("count").asLong();
        assertThat(count).isBetween(24L, 40L);
        assertThat(retrieved.get("details").get("foreignLabelConfigs")).extracting(JsonNode::toString).asString()
                .contains("sst2/default", "rt_polarity/default").doesNotContain("esnli");
        JsonNode mix = retrieved.get("details").get("datasetMix");
        assertThat(mix.size()).isGreaterThanOrEqualTo(2);
        assertThat(mix.has("sst2") || mix.has("rt_polarity")).isFalse();
        mix.fields().forEachRemaining(e -> assertThat(e.getValue().asLong()).isLessThanOrEqualTo(12));
        // the sample NLI task has three labels: the event says how the rows split over them
        JsonNode labels = retrieved.get("details").get("labelMix");
        assertThat(labels).as("labelMix in %s", retrieved).isNotNull();
        long labelled = 0;
        for (String label : List.of("entailment", "neutral", "contradiction")) {
            assertThat(labels.path(label).asLong()).as(label).isBetween(1L, 14L);
            labelled += labels.path(label).asLong();
        }
        assertThat(labelled + labels.path("(other)").asLong()).isEqualTo(count);

        List<ConsumerRecord<String, String>> rows = kafka.await("candidate-rows",
                r -> r.value().contains("\"taskId\":\"" + taskId + "\""), (int) count, Duration.ofSeconds(60));
        assertThat(rows).hasSize((int) count);
        Set<Integer> ranks = new HashSet<>();
        for (ConsumerRecord<String, String> r : rows) {
            JsonNode row = Json.mapper().readTree(r.value());
            assertThat(r.key()).isEqualTo(row.get("rowId").asText());
            assertThat(row.get("task").get("instruction").asText()).startsWith("Given a premise");
            assertThat(row.get("cells").size()).isPositive();
            assertThat(row.get("scores").get("combined").asDouble()).isPositive();
            ranks.add(row.get("rank").asInt());
        }
        assertThat(ranks).hasSize((int) count);
        // The share cap (0.3 of 40 = 12) holds, and the best NLI set fills its share.
        assertThat(mix.get("esnli").asLong()).isEqualTo(12);
        JsonPath candidates = given().get("/tasks/" + taskId + "/candidates").then().statusCode(200).extract().jsonPath();
        assertThat(candidates.getInt("maxPerDataset")).isEqualTo(12);
        assertThat(candidates.getString("rows[0].dataset")).isIn("esnli", "commitmentbank");
        assertThat(candidates.getString("rows[0].scores.inputColumn")).isNotBlank();
        assertThat(candidates.getString("rows[0].scores.outputColumn")).isEqualTo("label");
        assertThat(candidates.getDouble("rows[0].labels")).isEqualTo(1.0);
    }

    @Test
    void theWarmUpReadsProfilesSearchesAndRowsOfTheStore() {
        ingestSamples();
        Retrieval.WarmUp w = retrieval.warmUp(2);
        assertThat(w.configsProfiled()).isGreaterThanOrEqualTo(5);
        assertThat(w.searches()).isEqualTo(2);
        assertThat(w.rowsFetched()).isPositive();
    }

    @Test
    void aRepeatedRequestIsNotRetrievedOrPublishedTwice() throws Exception {
        ingestSamples();
        String taskId = "repeat-" + UUID.randomUUID().toString().substring(0, 8);
        String request = samplesTask("mnli-nli.json", taskId, 10, null);
        kafka.produce("task-requests", taskId, request);
        int count = Json.mapper().readTree(kafka.await("task-events", r -> taskId.equals(r.key()) && r.value().contains("RETRIEVED"),
                1, Duration.ofSeconds(120)).get(0).value()).get("count").asInt();

        // the same request again (a redelivery or a resubmission), then a marker task on the same partition: once the
        // marker is retrieved, the repeat has been handled (one partition is consumed in order)
        kafka.produce("task-requests", taskId, request);
        String marker = "marker-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.produce("task-requests", taskId, samplesTask("mnli-nli.json", marker, 5, null));
        kafka.await("task-events", r -> marker.equals(r.key()) && r.value().contains("RETRIEVED"), 1, Duration.ofSeconds(120));

        assertThat(kafka.await("task-events", r -> taskId.equals(r.key()) && r.value().contains("RETRIEVED"), 2,
                Duration.ofSeconds(5))).hasSize(1);
        assertThat(count).isPositive();
        assertThat(kafka.await("candidate-rows", r -> r.value().contains("\"taskId\":\"" + taskId + "\""), 2 * count,
                Duration.ofSeconds(5))).hasSize(count);
    }

    @Test
    void withoutTheCapNliRowsLeadTheRanking() throws Exception {
        ingestSamples();
        JsonPath selection = given().contentType(ContentType.JSON).body(samplesTask("mnli-nli.json", "nli-preview", 20, "{\"maxDatasetShare\":1.0}"))
                .post("/retrievals").then().statusCode(200).extract().jsonPath();
        assertThat(selection.getList("rows.dataset", String.class).subList(0, 10)).allMatch(d -> d.equals("esnli")
                || d.equals("commitmentbank"));
    }

    @Test
    void extractiveQaPrefersRowsWhoseAnswerIsASpanOfTheContext() throws Exception {
        ingestSamples();
        JsonPath selection = given().contentType(ContentType.JSON).body(samplesTask("squad-qa.json", "qa-preview", 20, "{\"maxDatasetShare\":1.0}"))
                .post("/retrievals").then().statusCode(200).extract().jsonPath();
        List<String> datasets = selection.getList("rows.dataset", String.class);
        assertThat(datasets).contains("covid_qa");
        assertThat(selection.getList("rows.findAll { it.dataset == 'covid_qa' }.extractive", Double.class)).containsOnly(1.0);
        assertThat(selection.getList("rows.findAll { it.dataset == 'covid_qa' }.extractive", Double.class)).contains(1.0);
        assertThat(selection.getList("rows.findAll { it.extractive == 1.0 }.scores.outputColumn", String.class)).contains("answer");
        // the preview stays small: a row's vectors and text hash are internal
        assertThat(selection.getMap("rows[0]")).containsKeys("rowId", "scores").doesNotContainKeys("vector", "cellVectors", "outputTextHash");
    }

    @Test
    void excludedDatasetsAndContaminatedRowsAreNotSelected() throws Exception {
        ingestSamples();
        String firstEsnli = given().get("/datasets").then().extract().jsonPath().getString("find { it.name == 'esnli' }.name");
        assertThat(firstEsnli).isEqualTo("esnli");
        String premise = Files.readAllLines(Path.of("../samples/datastore/esnli/default.jsonl")).get(0);
        String text = Json.mapper().readTree(premise).get("premise").asText();
        JsonPath selection = given().contentType(ContentType.JSON)
                .body(task("mnli-nli.json", "decontam", 30, "{\"excludeDatasets\":[\"commitmentbank\"],\"decontaminationTexts\":["
                        + Json.write(text) + "],\"maxDatasetShare\":1.0}"))
                .post("/retrievals").then().statusCode(200).extract().jsonPath();
        assertThat(selection.getList("rows.dataset", String.class)).doesNotContain("commitmentbank");
        assertThat(selection.getList("rows.rowId", String.class)).doesNotContain("esnli/default/0");
        assertThat(selection.getList("excludedDatasets", String.class)).containsExactly("commitmentbank");
    }

    @Test
    void aTaskOnAnEmptySelectionFailsWithAReason() throws Exception {
        ingestSamples();
        String taskId = "empty-" + UUID.randomUUID().toString().substring(0, 8);
        String json = samplesTask("sentiment.json", taskId, 10, "{\"excludeDatasets\":" + Json.write(SAMPLES) + "}");
        kafka.produce("task-requests", taskId, json);
        List<ConsumerRecord<String, String>> events = kafka.await("task-events",
                r -> taskId.equals(r.key()) && r.value().contains("FAILED"), 1, Duration.ofSeconds(120));
        assertThat(Json.mapper().readTree(events.get(0).value()).get("reason").asText()).contains("no candidate rows");
        given().get("/tasks/" + taskId + "/candidates").then().statusCode(404);
    }
}
