package io.rebase.retriever.retrieval;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.Json;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.retriever.TestDatastore;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Label quotas of a classification task's selection, on a skewed hand-made NLI set: 24 entailment rows that resemble
 * the task's examples, 3 neutral and 3 contradiction rows that do not. By score alone the top rows are all
 * entailment; with quotas every label gets its share, and rows over a share fill what the other labels cannot.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class LabelBalanceTest {

    private static final String[] PLAYERS = {"man", "woman", "boy", "girl", "teenager", "old man", "young woman", "drummer",
            "singer", "student", "soldier", "farmer", "nurse", "child", "grandmother", "tourist", "teacher", "cowboy",
            "street artist", "father", "mother", "priest", "sailor", "clown"};
    private static final String[] OTHER = {"A chef slices onions in a restaurant kitchen.", "Three cyclists race down a mountain road.",
            "A cat sleeps on a sunny windowsill.", "Workers repair a bridge over the river.", "A pilot checks the engine of a small plane.",
            "Children feed ducks at the pond."};

    private static String dataset;

    @BeforeEach
    void fixture() throws Exception {
        TestDatastore.prepare();
        if (dataset != null) {
            return;
        }
        dataset = "fx_skewed_nli_" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder jsonl = new StringBuilder();
        for (String player : PLAYERS) {
            jsonl.append(Json.write(Map.of("premise", "A " + player + " is playing a guitar on a crowded stage.",
                    "hypothesis", "A " + player + " is performing music.", "label", "entailment"))).append('\n');
        }
        for (int i = 0; i < OTHER.length; i++) {
            jsonl.append(Json.write(Map.of("premise", OTHER[i], "hypothesis", i % 2 == 0 ? "Somebody is outdoors." : "Nobody is there.",
                    "label", i % 2 == 0 ? "neutral" : "contradiction"))).append('\n');
        }
        Path folder = Files.createDirectories(TestDatastore.ROOT.resolve(dataset));
        Files.writeString(folder.resolve("train.jsonl"), jsonl.toString());
        given().contentType(ContentType.JSON).body(Map.of("path", dataset)).queryParam("wait", true)
                .post("/datasets").then().statusCode(200);
    }

    @Test
    void everyLabelGetsItsShareOfTheSelection() {
        JsonPath selection = retrieve(9);
        assertThat(labelsOf(selection)).containsExactlyInAnyOrderEntriesOf(Map.of("entailment", 3, "neutral", 3, "contradiction", 3));
        assertThat(selection.getMap("labelMix")).containsExactlyInAnyOrderEntriesOf(Map.of("entailment", 3, "neutral", 3, "contradiction", 3));
    }

    @Test
    void rowsOverTheirShareFillWhatOtherLabelsCannot() {
        // shares of 4: neutral and contradiction have 3 rows each, so entailment fills the remaining 6 of 12
        JsonPath selection = retrieve(12);
        assertThat(labelsOf(selection)).containsExactlyInAnyOrderEntriesOf(Map.of("entailment", 6, "neutral", 3, "contradiction", 3));
    }

    /** Selected rows per label, read from the fixture's row order (the first 24 are entailment). */
    private static Map<String, Integer> labelsOf(JsonPath selection) {
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (Number index : selection.getList("rows.rowIndex", Number.class)) {
            int i = index.intValue() - PLAYERS.length;
            labels.merge(i < 0 ? "entailment" : i % 2 == 0 ? "neutral" : "contradiction", 1, Integer::sum);
        }
        return labels;
    }

    private static JsonPath retrieve(int topRows) {
        List<String> others = new ArrayList<>(given().get("/datasets").then().statusCode(200).extract().jsonPath()
                .getList("name", String.class));
        others.remove(dataset);
        Map<String, Object> retrieval = new LinkedHashMap<>();
        retrieval.put("topRows", topRows);
        retrieval.put("maxDatasetShare", 1.0);
        retrieval.put("excludeDatasets", others);
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("taskId", "label-balance-" + UUID.randomUUID());
        task.put("instruction", "Decide whether the premise entails the hypothesis, contradicts it, or is neutral.");
        task.put("taskType", "classification");
        task.put("labels", List.of("entailment", "neutral", "contradiction"));
        task.put("examples", List.of(
                Map.of("input", Map.of("premise", "A guitarist is playing a guitar on a crowded stage.", "hypothesis", "Someone is performing music."),
                        "output", "entailment"),
                Map.of("input", Map.of("premise", "A band member is playing a guitar on stage.", "hypothesis", "The concert is sold out."),
                        "output", "neutral"),
                Map.of("input", Map.of("premise", "A woman is playing a guitar on a crowded stage.", "hypothesis", "Nobody is making music."),
                        "output", "contradiction")));
        task.put("retrieval", retrieval);
        return given().contentType(ContentType.JSON).body(Json.write(task)).post("/retrievals")
                .then().statusCode(200).extract().jsonPath();
    }
}
