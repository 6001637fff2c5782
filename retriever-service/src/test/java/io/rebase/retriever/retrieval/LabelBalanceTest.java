package io.rebase.retriever.retrieval;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.Json;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.retriever.TestDatastore;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
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
 * Label quotas of a classification task's selection on real ingested rows, a skewed hand-made NLI set: 24 entailment
 * rows that resemble the task's examples, 3 neutral and 3 contradiction rows that do not. By score alone the top rows
 * are all entailment; with quotas every label gets its share, read from the rows' label cells by text hash. The
 * selection rules themselves (fill, per-label dataset share) are unit-tested in {@link SelectorTest}. A second set
 * serves the column-profile check.
 */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class LabelBalanceTest {

    private static final String[] PLAYERS = {"man", "woman", "boy", "girl", "teenager", "old man", "young woman", "drummer",
            "singer", "student", "soldier", "farmer", "nurse", "child", "grandmother", "tourist", "teacher", "cowboy",
            "street artist", "father", "mother", "priest", "sailor", "clown"};
    private static final String[] OTHER = {"A chef slices onions in a restaurant kitchen.", "Three cyclists race down a mountain road.",
            "A cat sleeps on a sunny windowsill.", "Workers repair a bridge over the river.", "A pilot checks the engine of a small plane.",
            "Children feed ducks at the pond."};

    private static final String[] FAR = {"A dog runs across a snowy field.", "Two boats drift on a calm lake.",
            "A baker takes bread out of the oven.", "An old car is parked by the road.", "A boy climbs a tall tree.",
            "A crowd waits at the train station.", "A girl paints a fence.", "A man reads a newspaper on a bench.",
            "A woman waters the flowers.", "A horse eats hay in the barn."};

    private static String dataset;
    private static String farDataset;

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
        // 4 entailment rows, then neutral and contradiction alternating
        farDataset = "fx_far_nli_" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder far = new StringBuilder();
        for (int i = 0; i < FAR.length; i++) {
            String label = i < 4 ? "entailment" : i % 2 == 0 ? "neutral" : "contradiction";
            far.append(Json.write(Map.of("premise", FAR[i], "hypothesis", i < 4 ? "Something is happening." : "It is raining.",
                    "label", label))).append('\n');
        }
        Path farFolder = Files.createDirectories(TestDatastore.ROOT.resolve(farDataset));
        Files.writeString(farFolder.resolve("train.jsonl"), far.toString());
        given().contentType(ContentType.JSON).body(Map.of("path", farDataset)).queryParam("wait", true)
                .post("/datasets").then().statusCode(200);
    }

    @Test
    void everyLabelGetsItsShareOfTheSelection() {
        JsonPath selection = retrieve(9);
        assertThat(labelsOf(selection)).containsExactlyInAnyOrderEntriesOf(Map.of("entailment", 3, "neutral", 3, "contradiction", 3));
        assertThat(selection.getMap("labelMix")).containsExactlyInAnyOrderEntriesOf(Map.of("entailment", 3, "neutral", 3, "contradiction", 3));
    }

    @jakarta.inject.Inject
    io.rebase.retriever.registry.Registry registry;

    @Test
    void columnProfilesAreReadFromTheStoredRows() {
        io.rebase.retriever.registry.RegisteredConfig config = registry.configs().stream()
                .filter(c -> c.id().equals(farDataset + "/train")).findFirst().orElseThrow();
        Map<String, ColumnProfiles.Profile> profiles = new ColumnProfiles(registry).of(List.of(config));
        List<Integer> premises = new ArrayList<>();
        for (String premise : FAR) {
            premises.add(ColumnProfiles.words(premise));
        }
        ColumnProfiles.Profile profile = profiles.get(farDataset + "/train");
        assertThat(profile.words()).containsEntry("premise", ColumnProfiles.median(premises))
                .containsEntry("label", 1.0).containsKey("hypothesis");
        // no label word occurs in a premise; "It is raining." is in none either
        assertThat(profile.containedIn("label", "premise")).isZero();
        assertThat(profile.containedIn("premise", "label")).isNull();
    }

    /** Selected rows per label, read from the fixture's row order (the first 24 are entailment). */
    private static Map<String, Integer> labelsOf(JsonPath selection) {
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (Number index : selection.getList("rows.rowIndex", Number.class)) {
            labels.merge(labelOfSkewed(index.intValue()), 1, Integer::sum);
        }
        return labels;
    }

    private static String labelOfSkewed(int rowIndex) {
        int i = rowIndex - PLAYERS.length;
        return i < 0 ? "entailment" : i % 2 == 0 ? "neutral" : "contradiction";
    }

    private static JsonPath retrieve(int topRows) {
        return retrieve(topRows, 1.0, null);
    }

    /** Retrieves from the skewed set (and {@code alsoDataset} unless null) only. */
    private static JsonPath retrieve(int topRows, double maxDatasetShare, String alsoDataset) {
        List<String> others = new ArrayList<>(given().get("/datasets").then().statusCode(200).extract().jsonPath()
                .getList("name", String.class));
        others.remove(dataset);
        others.remove(alsoDataset);
        Map<String, Object> retrieval = new LinkedHashMap<>();
        retrieval.put("topRows", topRows);
        retrieval.put("maxDatasetShare", maxDatasetShare);
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
